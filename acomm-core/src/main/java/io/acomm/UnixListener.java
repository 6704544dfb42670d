package io.acomm;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a Unix domain socket and serves each accepted connection with a {@link ConnectionHandler} on a bounded
 * set of worker threads.
 * <p>
 * Every idle worker blocks in {@code accept()} (no polling, no lock of our own: the kernel hands each connection to
 * one of them), and each serves the connection it accepted itself, so a message costs no hand-off between threads;
 * while every worker is busy, further connections wait in the kernel's backlog, by default as long as the system
 * allows ({@code net.core.somaxconn}).
 * Starting binds the socket path: missing parent directories are created, a stale socket file of a dead process is
 * replaced, a path where a live listener answers is refused, and the socket file gets the configured permissions
 * (0600 by default). With an accept limit the listener serves that many connections and then goes away by itself, as
 * a one-shot stream socket does. A listener is started once; {@link #stop(Duration)} ends it for good.
 */
public final class UnixListener {

    private static final Logger logger = LoggerFactory.getLogger(UnixListener.class);

    /** The default permissions of a socket file: read and write for the owner only. */
    public static final Set<PosixFilePermission> DEFAULT_PERMISSIONS = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private final Path socketPath;
    private final String name;
    private final Set<PosixFilePermission> permissions;
    private final int maxConcurrency;
    private final int acceptLimit;
    private final int backlog;

    private final Object lifecycleMonitor = new Object();
    private final Set<AFUNIXSocket> openConnections = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    private State state = State.NEW;
    private volatile boolean accepting;
    private AFUNIXServerSocket serverSocket;

    private enum State { NEW, RUNNING, STOPPED }

    private UnixListener(Builder builder) {
        this.socketPath = builder.socketPath.toAbsolutePath();
        this.name = builder.name;
        this.permissions = Set.copyOf(builder.permissions);
        this.maxConcurrency = builder.acceptLimit > 0 ? Math.min(builder.acceptLimit, builder.maxConcurrency)
                : builder.maxConcurrency;
        this.acceptLimit = builder.acceptLimit;
        this.backlog = builder.backlog;
    }

    /**
     * @param socketPath the path to bind
     * @return a builder for a listener on that path
     */
    public static Builder builder(Path socketPath) {
        return new Builder(socketPath);
    }

    public Path socketPath() {
        return this.socketPath;
    }

    /**
     * @return {@code unix://} and the socket path
     */
    public URI url() {
        return UnixTransport.url(this.socketPath);
    }

    /**
     * @return whether the listener still accepts connections
     */
    public boolean isAccepting() {
        return this.accepting;
    }

    /**
     * @return a future completed once the listener accepts nothing more and every connection has been served
     */
    public CompletableFuture<Void> terminated() {
        return this.terminated;
    }

    /**
     * Binds the socket and starts serving connections.
     * @param handler serves each connection
     * @throws IOException if the socket cannot be bound, naming the path and the reason
     * @throws IllegalStateException if the listener was started before
     */
    public void start(ConnectionHandler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        synchronized (this.lifecycleMonitor) {
            if (this.state != State.NEW) {
                throw new IllegalStateException("listener on " + this.socketPath + " was already started");
            }
            SocketFiles.createParents(this.socketPath, SocketFiles.directoryPermissions(this.permissions));
            SocketFiles.clearStale(this.socketPath);
            this.serverSocket = bind();
            this.accepting = true;
            this.state = State.RUNNING;
            AtomicInteger running = new AtomicInteger(this.maxConcurrency);
            for (int i = 1; i <= this.maxConcurrency; i++) {
                Thread worker = new Thread(() -> work(handler, running), "acomm-" + this.name + "-" + i);
                worker.setDaemon(true);
                this.workers.add(worker);
            }
            this.workers.forEach(Thread::start);
        }
    }

    private AFUNIXServerSocket bind() throws IOException {
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        try {
            server.setReuseAddress(false);
            server.setDeleteOnClose(false);
            server.bind(AFUNIXSocketAddress.of(this.socketPath), this.backlog);
            Files.setPosixFilePermissions(this.socketPath, this.permissions);
            return server;
        }
        catch (IOException ex) {
            server.close();
            throw new IOException("cannot listen on " + this.socketPath + ": " + ex.getMessage(), ex);
        }
    }

    private void work(ConnectionHandler handler, AtomicInteger running) {
        try {
            while (this.accepting) {
                AFUNIXSocket connection = accept();
                if (connection == null) {
                    return;
                }
                if (!this.accepting || !claimAccept()) {
                    closeQuietly(connection);
                    return;
                }
                serve(handler, connection);
            }
        }
        finally {
            if (running.decrementAndGet() == 0) {
                this.terminated.complete(null);
            }
        }
    }

    /**
     * @return the next connection, or {@code null} when the listener no longer accepts
     */
    private AFUNIXSocket accept() {
        try {
            return this.accepting ? this.serverSocket.accept() : null;
        }
        catch (IOException ex) {
            if (this.accepting) {
                logger.warn("acomm listener on {} stopped accepting: {}", this.socketPath, ex.getMessage());
                stopAccepting();
            }
            return null;
        }
    }

    private boolean claimAccept() {
        if (this.acceptLimit == 0) {
            return true;
        }
        int count = this.accepted.incrementAndGet();
        if (count == this.acceptLimit) {
            stopAccepting();
        }
        return count <= this.acceptLimit;
    }

    private void serve(ConnectionHandler handler, AFUNIXSocket connection) {
        // the descriptor is this process's alone, so closing it ends the connection without the extra shutdown()
        // junixsocket makes by default (closing still shuts the socket down once, which wakes a blocked reader)
        connection.setShutdownOnClose(false);
        this.openConnections.add(connection);
        try {
            handler.handle(connection);
        }
        catch (IOException | RuntimeException ex) {
            logger.warn("acomm connection on {} failed: {}", this.socketPath, ex.toString());
            logger.debug("acomm connection failure on {}", this.socketPath, ex);
        }
        finally {
            closeQuietly(connection);
            this.openConnections.remove(connection);
        }
    }

    /**
     * Stops the listener: refuses new connections at once, deletes the socket file, waits up to the timeout for the
     * connections in flight, then closes any still open. Stopping a listener that is not running does nothing.
     * @param timeout how long to wait for connections in flight
     * @return whether every connection in flight was served in time
     */
    public boolean stop(Duration timeout) {
        synchronized (this.lifecycleMonitor) {
            if (this.state != State.RUNNING) {
                this.state = State.STOPPED;
                this.terminated.complete(null);
                return true;
            }
            this.state = State.STOPPED;
        }
        stopAccepting();
        boolean served = awaitWorkers(System.nanoTime() + timeout.toNanos());
        if (!served) {
            this.openConnections.forEach(UnixListener::closeQuietly);
            this.workers.forEach(Thread::interrupt);
            awaitWorkers(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        }
        return served;
    }

    private boolean awaitWorkers(long deadline) {
        for (Thread worker : this.workers) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                worker.join(Math.max(1, remaining));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (worker.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Refuses new connections at once and deletes the socket file; connections in flight go on. {@link #stop}
     * does this first, then waits for them.
     */
    public void stopAccepting() {
        synchronized (this.lifecycleMonitor) {
            if (!this.accepting) {
                return;
            }
            this.accepting = false;
            // closing shuts the socket down first, which ends every accept() waiting on it
            closeQuietly(this.serverSocket);
            try {
                Files.deleteIfExists(this.socketPath);
            }
            catch (IOException ex) {
                logger.warn("cannot delete acomm socket file {}: {}", this.socketPath, ex.getMessage());
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception ex) {
            // nothing left to do with a socket that fails to close
        }
    }

    @Override
    public String toString() {
        return "UnixListener[" + this.socketPath + "]";
    }

    /**
     * Builds a {@link UnixListener}.
     */
    public static final class Builder {

        private final Path socketPath;
        private String name = "listener";
        private Set<PosixFilePermission> permissions = DEFAULT_PERMISSIONS;
        private int maxConcurrency = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private int acceptLimit;
        private int backlog = SocketBacklog.SYSTEM_MAXIMUM;

        private Builder(Path socketPath) {
            this.socketPath = Objects.requireNonNull(socketPath, "socketPath");
        }

        /**
         * @param name a short name used in thread names ({@code acomm-<name>-…})
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param permissions the permissions of the socket file
         * @return this builder
         */
        public Builder permissions(Set<PosixFilePermission> permissions) {
            this.permissions = EnumSet.copyOf(permissions);
            return this;
        }

        /**
         * @param permissions the permissions of the socket file, octal ({@code "0660"}) or symbolic
         *     ({@code "rw-rw----"})
         * @return this builder
         */
        public Builder permissions(String permissions) {
            this.permissions = SocketPermissions.parse(permissions);
            return this;
        }

        /**
         * @param maxConcurrency how many connections are served at once (at least 1): the number of worker threads
         * @return this builder
         */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("maxConcurrency must be at least 1: " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /**
         * @param acceptLimit how many connections to accept before going away, {@code 0} for no limit
         * @return this builder
         */
        public Builder acceptLimit(int acceptLimit) {
            if (acceptLimit < 0) {
                throw new IllegalArgumentException("acceptLimit must not be negative: " + acceptLimit);
            }
            this.acceptLimit = acceptLimit;
            return this;
        }

        /**
         * @param backlog how many connections the kernel queues while no worker accepts them (default: the system
         *     maximum, {@code net.core.somaxconn}, which also caps larger values)
         * @return this builder
         */
        public Builder backlog(int backlog) {
            this.backlog = SocketBacklog.check(backlog);
            return this;
        }

        public UnixListener build() {
            return new UnixListener(this);
        }
    }
}
