package io.acomm.internal.server;

import io.acomm.MessageRefusedException;

/**
 * Refuses a message whose refusal is routine for the receiver, such as a late response to a request that timed out:
 * the sender gets the same error ack as for any refusal, and logs it, but the receiver logs it at DEBUG only, so that
 * one late message makes one WARN line, the sender's.
 */
public class RoutineRefusalException extends MessageRefusedException {

    private static final long serialVersionUID = 1L;

    /**
     * @param reason why the message is refused, as the error ack will say
     */
    public RoutineRefusalException(String reason) {
        super(reason);
    }
}
