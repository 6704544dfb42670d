package io.acomm.internal.server;

import io.acomm.MessageRefusedException;
import org.jspecify.annotations.Nullable;

/**
 * Takes a decoded message for a {@link FrameReceiver}. It runs before the ack is written, so it must be quick: it
 * accepts or refuses the message and returns the real work, which runs only once the ack has been written.
 * @param <T> the message type
 */
@FunctionalInterface
public interface MessageHandler<T> {

    /**
     * @param message the decoded message
     * @return the work to run once the message is acked, or {@code null} for none
     * @throws MessageRefusedException to refuse the message with an error ack
     */
    @Nullable Accepted receive(T message);

    /**
     * The work of an accepted message. It runs only if the ack reached the sender's socket; otherwise the sender saw
     * a failure and may send the message again, so the message is given up with {@link #ackFailed()} instead.
     */
    @FunctionalInterface
    interface Accepted {

        /**
         * Handles the message, after its ack was written.
         */
        void run();

        /**
         * Gives the message up: its ack could not be written, so it is not handled here.
         */
        default void ackFailed() {
        }
    }
}
