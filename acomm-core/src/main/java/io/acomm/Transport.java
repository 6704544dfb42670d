package io.acomm;

import java.net.URI;

/**
 * Delivers one encoded acomm message to a destination and checks the receiver's ack. A {@link Sender} picks the
 * transport by the destination's URL scheme.
 */
@FunctionalInterface
public interface Transport {

    /**
     * Delivers a message and waits for its ack.
     * @param destination where to deliver it
     * @param message the message's wire JSON
     * @throws SendException naming the destination if delivery fails or the receiver refuses the message
     */
    void send(URI destination, byte[] message);
}
