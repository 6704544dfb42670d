package io.acomm;

/**
 * Base class of the unchecked exceptions raised by acomm for protocol failures: invalid messages, refused or
 * failed deliveries, misuse of a tracker.
 */
public class AcommException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong
     */
    public AcommException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the failure behind it
     */
    public AcommException(String message, Throwable cause) {
        super(message, cause);
    }
}
