package io.acomm;

/**
 * Takes a decoded message for a {@link FrameReceiver}. It runs before the ack is written, so it must be quick: it
 * accepts or refuses the message and returns the real work, which runs after the ack.
 * @param <T> the message type
 */
@FunctionalInterface
public interface MessageHandler<T> {

    /**
     * @param message the decoded message
     * @return the work to run once the message is acked, or {@code null} for none
     * @throws MessageRefusedException to refuse the message with an error ack
     */
    Runnable receive(T message);
}
