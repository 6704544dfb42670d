package io.acomm.internal.server;

import java.nio.file.Path;

import io.acomm.internal.util.RateLimitedLog;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of a {@link UnixListener} and its WARN lines about refused and failed connections, which a peer can
 * cause at will and are therefore rate-limited. An {@link Error} while serving makes the listener unhealthy until it
 * next serves a frame. The lines are logged under the listener's name. Thread-safe.
 */
final class ListenerHealth {

    private static final Logger logger = LoggerFactory.getLogger(UnixListener.class);

    private final Path socketPath;
    private final RateLimitedLog refusalLog = new RateLimitedLog(logger, "refused connections");
    private final RateLimitedLog failureLog = new RateLimitedLog(logger, "failed connections");
    private volatile @Nullable Throwable unhealthyCause;

    /**
     * @param socketPath the listener's socket path
     */
    ListenerHealth(Path socketPath) {
        this.socketPath = socketPath;
    }

    /**
     * @return the {@link Error} that made the listener unhealthy, or {@code null}
     */
    @Nullable Throwable unhealthyCause() {
        return this.unhealthyCause;
    }

    /**
     * Records that a frame was served, which makes the listener healthy again.
     */
    void served() {
        this.unhealthyCause = null;
    }

    /**
     * Records an {@link Error} while serving a connection: the listener is unhealthy, and goes on serving.
     * @param error the error
     */
    void becameUnhealthy(Error error) {
        this.unhealthyCause = error;
        this.failureLog.warn("acomm listener on {} failed serving a connection, and goes on: {}", this.socketPath,
                error.toString());
    }

    /**
     * Logs a refused connection at WARN, rate-limited.
     * @param format the SLF4J format of the line
     * @param arguments its arguments
     */
    void refused(String format, Object... arguments) {
        this.refusalLog.warn(format, arguments);
    }

    /**
     * Logs a failed connection at WARN, rate-limited.
     * @param format the SLF4J format of the line
     * @param arguments its arguments
     */
    void failed(String format, Object... arguments) {
        this.failureLog.warn(format, arguments);
    }
}
