package io.acomm;

import io.acomm.internal.server.MessageHandler;

/**
 * Thrown by a {@link MessageHandler} to refuse a message; the sender receives an error ack with this message.
 */
public class MessageRefusedException extends AcommException {

    private static final long serialVersionUID = 1L;

    /**
     * @param reason why the message is refused, as the error ack will say
     */
    public MessageRefusedException(String reason) {
        super(reason);
    }
}
