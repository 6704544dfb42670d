package io.acomm;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * A message could not be delivered to a destination, or the destination refused it. The message always names the
 * destination URL.
 */
public class SendException extends AcommException {

    private static final long serialVersionUID = 1L;

    /** Where the message was sent. */
    private final URI destination;

    /**
     * @param destination where the message was sent
     * @param reason what failed, for the message
     */
    public SendException(URI destination, String reason) {
        this(destination, reason, null);
    }

    /**
     * @param destination where the message was sent
     * @param reason what failed, for the message
     * @param cause the failure behind it, or {@code null}
     */
    public SendException(URI destination, String reason, @Nullable Throwable cause) {
        super("send to " + destination + " failed: " + reason, cause);
        this.destination = destination;
    }

    /**
     * @return the URL the message was sent to
     */
    public URI destination() {
        return this.destination;
    }
}
