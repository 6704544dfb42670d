package io.acomm;

import java.net.URI;
import java.time.Duration;

import io.acomm.transport.HttpTransport;
import io.acomm.transport.UnixTransport;

/**
 * Delivers one encoded acomm message to a destination and checks the receiver's ack. A {@link Sender} picks the
 * transport by the destination's URL scheme.
 */
@FunctionalInterface
public interface Transport {

    /**
     * Delivers a message and waits for its ack, within the transport's own timeout.
     * @param destination where to deliver it
     * @param message the message's wire JSON
     * @throws SendException naming the destination if delivery fails or the receiver refuses the message
     */
    void send(URI destination, byte[] message);

    /**
     * Delivers a message and waits for its ack, within the smaller of the timeout and the transport's own. This
     * default, for transports that take no time limit from their callers, ignores the timeout and calls
     * {@link #send(URI, byte[])}; {@link UnixTransport} and {@link HttpTransport} honour it.
     * @param destination where to deliver it
     * @param message the message's wire JSON
     * @param timeout the most time the delivery may take, ack included (positive)
     * @throws SendException naming the destination if delivery fails, does not end in time or the receiver refuses
     *     the message
     */
    default void send(URI destination, byte[] message, Duration timeout) {
        send(destination, message);
    }
}
