package io.acomm.test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.acomm.internal.server.UnixListener;

/**
 * A live unix socket, standing for another local service (a provider, say), that counts the connections it gets and
 * closes each at once.
 */
public final class ConnectionCounter implements AutoCloseable {

    private final UnixListener listener;
    private final AtomicInteger connections = new AtomicInteger();

    public ConnectionCounter(Path socketPath) throws IOException {
        this.listener = UnixListener.builder(socketPath).name("counter").maxConcurrency(2).build();
        this.listener.start(socket -> this.connections.incrementAndGet());
    }

    public URI url() {
        return this.listener.url();
    }

    public Path socketPath() {
        return this.listener.socketPath();
    }

    public int connections() {
        return this.connections.get();
    }

    @Override
    public void close() {
        this.listener.stop(Duration.ofSeconds(1));
    }
}
