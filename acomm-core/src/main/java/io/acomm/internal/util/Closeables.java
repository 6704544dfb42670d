package io.acomm.internal.util;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closing what is given up (a socket, a selector, a stream's source) where a failure to close leaves nothing more to
 * do: it is logged at DEBUG for tracing, never thrown.
 */
public final class Closeables {

    private static final Logger logger = LoggerFactory.getLogger(Closeables.class);

    private Closeables() {
    }

    public static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception ex) {
            logger.debug("closing {} failed: {}", closeable, ex.toString());
        }
    }
}
