package io.acomm;

import java.io.IOException;

/**
 * A frame could not be read: its declared length is zero or over the maximum, it ended early, or it did not arrive
 * in time.
 */
public class FrameException extends IOException {

    private static final long serialVersionUID = 1L;

    public FrameException(String message) {
        super(message);
    }

    public FrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
