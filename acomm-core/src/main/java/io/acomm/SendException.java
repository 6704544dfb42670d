package io.acomm;

import java.net.URI;

/**
 * A message could not be delivered to a destination, or the destination refused it. The message always names the
 * destination URL.
 */
public class SendException extends AcommException {

    private static final long serialVersionUID = 1L;

    private final URI destination;

    public SendException(URI destination, String reason) {
        this(destination, reason, null);
    }

    public SendException(URI destination, String reason, Throwable cause) {
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
