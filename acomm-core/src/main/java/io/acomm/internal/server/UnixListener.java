package io.acomm.internal.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.acomm.FrameCodec;
import io.acomm.PeerFilter;
import io.acomm.transport.UnixTransport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a Unix domain socket and serves the accepted connections on a bounded set of accepting threads.
 * <p>
 * Every idle accepting thread blocks in {@code accept()} (the kernel hands each connection to one of them), so a
 * message costs no hand-off between threads; while all are busy, further connections wait in the kernel's backlog,
 * by default as long as the system allows ({@code net.core.somaxconn}). A listener serves connections in one of two
 * ways:
 * <ul>
 * <li>Reading frames ({@link #start(FrameHandler)}): no thread waits on a peer that is not sending. The accepting
 * thread reads what the connection has at once, which is usually the whole frame, and handles it; a frame still
 * incomplete goes to the listener's read loop, one selector thread for any number of such connections, and is
 * handled on a worker once complete. Each frame must be complete within the codec's read timeout. The bytes of the
 * frames being read and decoded at once are bounded by a read budget; connections beyond the maximum are closed at
 * once and counted; a peer the {@link PeerFilter} refuses is answered before its frame is read.</li>
 * <li>Handing each connection to a {@link ConnectionHandler}, which serves it as it likes on the accepting
 * thread.</li>
 * </ul>
 * Starting binds the socket path: missing parent directories are created, a stale socket file of a dead process is
 * replaced, a path where a live listener answers is refused, and the socket file gets the configured permissions
 * (0600 by default). An {@link Error} while serving a connection (such as an {@link OutOfMemoryError}) is logged,
 * the thread goes on serving, and the listener reports itself unhealthy until it next serves a frame.
 * <p>
 * <b>Lifecycle</b>, the same as every acomm endpoint's: {@code start(…)} once, then {@link #isRunning()} until
 * {@link #stop(Duration)}, which ends it for good: no thread, connection or socket file outlives it. {@code stop}
 * answers {@code true} when everything in flight finished within the timeout, and {@code false} when something was
 * cut off, which it also logs in one WARN line; stopping a listener that is not running does nothing and answers
 * {@code true}. {@link #close()} stops with {@link #DEFAULT_STOP_TIMEOUT}. {@link #stopAccepting()} is the first half
 * of a stop alone, for an owner that stops several listeners together.
 */
public final class UnixListener implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(UnixListener.class);

    /** The default permissions of a socket file: read and write for the owner only. */
    public static final Set<PosixFilePermission> DEFAULT_PERMISSIONS = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    /** The default maximum of connections open at once; further ones are closed at once. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;

    /** The default read budget: twice the default maximum frame size. */
    public static final long DEFAULT_READ_BUDGET = 2L * FrameCodec.DEFAULT_MAX_FRAME_SIZE;

    /** How long {@link #close()} waits for the connections in flight: 5 seconds. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final ListenerSettings settings;
    private final ListenerHealth health;
    private final ConnectionLimit limit;
    private final Object lifecycleMonitor = new Object();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private State state = State.NEW;
    private volatile @Nullable ListenerSocket socket;
    private @Nullable Serving serving;
    private @Nullable Acceptors acceptors;

    private enum State { NEW, RUNNING, STOPPED }

    UnixListener(ListenerSettings settings) {
        this.settings = settings;
        this.health = new ListenerHealth(settings.socketPath());
        this.limit = new ConnectionLimit(settings.socketPath(), settings.maxConnections(), this.health);
    }

    /**
     * @param socketPath the path to bind
     * @return a builder for a listener on that path
     */
    public static UnixListenerBuilder builder(Path socketPath) {
        return new UnixListenerBuilder(socketPath);
    }

    /**
     * @return the absolute path of the socket
     */
    public Path socketPath() {
        return this.settings.socketPath();
    }

    /**
     * @return {@code unix://} and the socket path
     */
    public URI url() {
        return UnixTransport.url(this.settings.socketPath());
    }

    /**
     * @return whether the listener was started and accepts connections: {@code false} before the start and from the
     *     moment a stop begins
     */
    public boolean isRunning() {
        ListenerSocket current = this.socket;
        return current != null && current.isOpen();
    }

    /**
     * @return whether the listener accepts connections and has served a frame since its last {@link Error}, if any
     */
    public boolean isHealthy() {
        return isRunning() && this.health.unhealthyCause() == null;
    }

    /**
     * @return the {@link Error} that made the listener unhealthy, or {@code null}
     */
    public @Nullable Throwable unhealthyCause() {
        return this.health.unhealthyCause();
    }

    /**
     * @return how many connections are open
     */
    public int openConnections() {
        return this.limit.open();
    }

    /**
     * @return how many connections were closed at once because the maximum was open
     */
    public long refusedConnections() {
        return this.limit.refused();
    }

    /**
     * @return a future completed once the listener accepts nothing more and every connection has been served
     */
    public CompletableFuture<Void> terminated() {
        return this.terminated;
    }

    /**
     * Binds the socket and starts serving connections with a handler of its own.
     * @param handler serves each connection on the accepting thread; the listener closes it afterwards
     * @throws IOException if the socket cannot be bound, naming the path and the reason
     * @throws IllegalStateException if the listener was started before
     */
    public void start(ConnectionHandler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        synchronized (this.lifecycleMonitor) {
            checkNew();
            bindAndAccept(new HandlerServing(this.settings, handler, this.limit, this.health));
        }
    }

    /**
     * Binds the socket and starts reading one frame from each connection.
     * @param handler handles the frames, whose codec sets their maximum size and the time allowed to read one
     * @throws IOException if the socket cannot be bound, naming the path and the reason
     * @throws IllegalStateException if the listener was started before
     */
    public void start(FrameHandler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        synchronized (this.lifecycleMonitor) {
            checkNew();
            FrameServing frameServing = new FrameServing(this.settings, handler, this.limit, this.health);
            try {
                bindAndAccept(frameServing);
            }
            catch (IOException ex) {
                frameServing.finish();
                throw ex;
            }
        }
    }

    private void checkNew() {
        if (this.state != State.NEW) {
            throw new IllegalStateException("listener on " + this.settings.socketPath() + " was already started");
        }
    }

    private void bindAndAccept(Serving newServing) throws IOException {
        ListenerSocket bound = ListenerSocket.bind(this.settings);
        this.serving = newServing;
        this.socket = bound;
        this.state = State.RUNNING;
        Acceptors newAcceptors = new Acceptors(this.settings, bound, this.limit, newServing, this.health, () -> {
            newServing.finish();
            this.terminated.complete(null);
        });
        this.acceptors = newAcceptors;
        newAcceptors.start();
    }

    /**
     * Stops the listener: refuses new connections at once, deletes the socket file, waits up to the timeout for the
     * connections in flight, then closes any still open. Stopping a listener that is not running does nothing.
     * @param timeout how long to wait for connections in flight
     * @return {@code true} when every connection in flight was served in time, {@code false} when some were cut off
     *     (then logged in one WARN line; only at DEBUG when no connection was open, its threads being busy with the
     *     owner's work, which the owner reports)
     */
    public boolean stop(Duration timeout) {
        Acceptors runningAcceptors;
        Serving runningServing;
        synchronized (this.lifecycleMonitor) {
            if (this.state != State.RUNNING) {
                this.state = State.STOPPED;
                this.terminated.complete(null);
                return true;
            }
            this.state = State.STOPPED;
            runningAcceptors = Objects.requireNonNull(this.acceptors);
            runningServing = Objects.requireNonNull(this.serving);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        stopAccepting();
        boolean served = runningAcceptors.await(deadline) && runningServing.awaitWorkers(deadline);
        if (!served) {
            int open = this.limit.open();
            if (open > 0) {
                logger.warn("acomm listener on {} stopped after {} with {} connection(s) still being served: cut off",
                        this.settings.socketPath(), timeout, open);
            }
            else {
                // its threads are busy with the owner's work, such as a provider's tasks, which the owner reports
                logger.debug("acomm listener on {} stopped after {} with its threads still busy: interrupting them",
                        this.settings.socketPath(), timeout);
            }
            runningServing.cutOff();
            runningAcceptors.interrupt();
            long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            runningAcceptors.await(grace);
            runningServing.awaitWorkers(grace);
        }
        return served;
    }

    /**
     * Stops with {@link #DEFAULT_STOP_TIMEOUT}, the bounded wait of {@link #stop(Duration)}.
     */
    @Override
    public void close() {
        stop(DEFAULT_STOP_TIMEOUT);
    }

    /**
     * Refuses new connections at once and deletes the socket file; connections in flight go on. {@link #stop}
     * does this first, then waits for them.
     */
    public void stopAccepting() {
        synchronized (this.lifecycleMonitor) {
            ListenerSocket current = this.socket;
            if (current != null && current.isOpen()) {
                current.close();
            }
        }
    }

    @Override
    public String toString() {
        return "UnixListener[" + this.settings.socketPath() + "]";
    }
}
