package io.acomm.internal.server;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.acomm.internal.util.Closeables;

/**
 * The maximum of connections a {@link UnixListener} keeps open at once: a connection beyond it is closed at once,
 * counted and logged. Thread-safe.
 */
final class ConnectionLimit {

    private final Path socketPath;
    private final int maxConnections;
    private final ListenerHealth health;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder refused = new LongAdder();

    /**
     * @param socketPath the listener's socket path, for the log
     * @param maxConnections how many connections may be open at once
     * @param health where a refusal is logged
     */
    ConnectionLimit(Path socketPath, int maxConnections, ListenerHealth health) {
        this.socketPath = socketPath;
        this.maxConnections = maxConnections;
        this.health = health;
    }

    /**
     * Counts an accepted connection as open, or closes it at once when the maximum is open.
     * @param connection the accepted connection
     * @return whether it was admitted; then {@link #closed()} must follow once it is closed
     */
    boolean admit(AutoCloseable connection) {
        if (this.open.incrementAndGet() > this.maxConnections) {
            this.open.decrementAndGet();
            this.refused.increment();
            this.health.refused("acomm connection on {} closed at once: {} connections are open, the maximum",
                    this.socketPath, this.maxConnections);
            Closeables.closeQuietly(connection);
            return false;
        }
        return true;
    }

    /**
     * Counts an admitted connection as closed.
     */
    void closed() {
        this.open.decrementAndGet();
    }

    /**
     * @return how many connections are open
     */
    int open() {
        return this.open.get();
    }

    /**
     * @return how many connections were closed at once because the maximum was open
     */
    long refused() {
        return this.refused.sum();
    }
}
