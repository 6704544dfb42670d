package io.acomm;

import java.io.IOException;
import java.time.Duration;

/**
 * A frame could not be read: its declared length is zero or over the maximum, it ended early, or it did not arrive
 * in time.
 */
public class FrameException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong
     */
    public FrameException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the failure behind it
     */
    public FrameException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param received the bytes of the part that arrived
     * @param expected the bytes of the part
     * @param part {@code header} or {@code payload}
     * @return the failure of a frame whose peer closed before sending it all
     */
    public static FrameException closedEarly(int received, int expected, String part) {
        return new FrameException(received == 0 && "header".equals(part)
                ? "connection closed before a frame arrived"
                : "truncated frame: connection closed after " + received + " of " + expected + " " + part + " bytes");
    }

    /**
     * @param readTimeout the read timeout that passed
     * @param part {@code header} or {@code payload}
     * @return the failure of a frame that did not arrive within the read timeout
     */
    public static FrameException timedOut(Duration readTimeout, String part) {
        return new FrameException("timed out after " + readTimeout.toMillis() + " ms reading the frame " + part);
    }
}
