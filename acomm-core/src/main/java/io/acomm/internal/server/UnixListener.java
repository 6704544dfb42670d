package io.acomm.internal.server;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.acomm.FrameCodec;
import io.acomm.FrameException;
import io.acomm.PeerFilter;
import io.acomm.internal.util.Closeables;
import io.acomm.internal.util.RateLimitedLog;
import io.acomm.internal.util.WorkerPools;
import io.acomm.transport.UnixTransport;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
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

    /**
     * How long the accepting thread waits for the first bytes of a frame before it leaves the connection to the
     * read loop: a frame is usually a few microseconds behind its connection, and handing it to the loop costs more
     * wake-ups than waiting for it, while a peer that sends nothing holds the thread no longer than this.
     */
    private static final int FIRST_READ_WAIT_MILLIS = 1;

    /**
     * How long the accepting threads stop waiting for first bytes after a peer sent none in time, so that a flood
     * of peers that send nothing costs the accepting threads at most a few waits a second.
     */
    private static final long FIRST_READ_WAIT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** How long accepting pauses after a failed accept, such as one for lack of file descriptors. */
    private static final long ACCEPT_FAILURE_PAUSE_MILLIS = 10;

    private final Path socketPath;
    private final String name;
    private final Set<PosixFilePermission> permissions;
    private final int maxConcurrency;
    private final int backlog;
    private final int maxConnections;
    private final long readBudgetBytes;
    private final PeerFilter peerFilter;

    private final Object lifecycleMonitor = new Object();
    private final Set<AFUNIXSocketChannel> openConnections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final LongAdder refusedConnections = new LongAdder();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private final RateLimitedLog refusalLog = new RateLimitedLog(logger, "refused connections");
    private final RateLimitedLog failureLog = new RateLimitedLog(logger, "failed connections");
    private State state = State.NEW;
    private volatile boolean accepting;
    private volatile Throwable unhealthyCause;
    private volatile long firstReadWaitPausedUntil = System.nanoTime();
    private AFUNIXServerSocket serverSocket;
    private FrameHandler frameHandler;
    private ConnectionHandler connectionHandler;
    private ReadBudget readBudget;
    private ReadLoop readLoop;
    private ExecutorService frameWorkers;

    private enum State { NEW, RUNNING, STOPPED }

    UnixListener(UnixListenerBuilder builder) {
        this.socketPath = builder.socketPath.toAbsolutePath();
        this.name = builder.name;
        this.permissions = Set.copyOf(builder.permissions);
        this.maxConcurrency = builder.maxConcurrency;
        this.backlog = builder.backlog;
        this.maxConnections = builder.maxConnections;
        this.readBudgetBytes = builder.readBudgetBytes;
        this.peerFilter = builder.peerFilter;
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
        return this.socketPath;
    }

    /**
     * @return {@code unix://} and the socket path
     */
    public URI url() {
        return UnixTransport.url(this.socketPath);
    }

    /**
     * @return whether the listener was started and accepts connections: {@code false} before the start and from the
     *     moment a stop begins
     */
    public boolean isRunning() {
        return this.accepting;
    }

    /**
     * @return whether the listener accepts connections and has served a frame since its last {@link Error}, if any
     */
    public boolean isHealthy() {
        return this.accepting && this.unhealthyCause == null;
    }

    /**
     * @return the {@link Error} that made the listener unhealthy, or {@code null}
     */
    public @Nullable Throwable unhealthyCause() {
        return this.unhealthyCause;
    }

    /**
     * @return how many connections are open
     */
    public int openConnections() {
        return this.connectionCount.get();
    }

    /**
     * @return how many connections were closed at once because the maximum was open
     */
    public long refusedConnections() {
        return this.refusedConnections.sum();
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
            this.connectionHandler = handler;
            bindAndAccept();
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
            this.frameHandler = handler;
            this.frameWorkers = WorkerPools.newPool("acomm-" + this.name + "-worker-", this.maxConcurrency);
            this.readLoop = new ReadLoop("acomm-" + this.name + "-reader", new ReadLoop.Outcomes() {
                @Override
                public void completed(ReadLoop.Pending pending) {
                    if (pending.frame.isDiscarding()) {
                        pending.connection.close();
                    }
                    else {
                        WorkerPools.execute(UnixListener.this.frameWorkers,
                                () -> handleFrame(pending.connection, pending.frame));
                    }
                }

                @Override
                public void failed(ReadLoop.Pending pending, FrameException failure) {
                    if (pending.frame.isDiscarding()) {
                        pending.connection.close();
                    }
                    else {
                        failFrame(pending.connection, failure);
                    }
                }
            });
            this.readBudget = new ReadBudget(Math.max(this.readBudgetBytes, handler.codec().maxFrameSize()),
                    this.readLoop::budgetReleased);
            try {
                bindAndAccept();
            }
            catch (IOException ex) {
                this.readLoop.stop();
                this.frameWorkers.shutdown();
                throw ex;
            }
        }
    }

    private void checkNew() {
        if (this.state != State.NEW) {
            throw new IllegalStateException("listener on " + this.socketPath + " was already started");
        }
    }

    private void bindAndAccept() throws IOException {
        SocketFiles.createParents(this.socketPath, SocketFiles.directoryPermissions(this.permissions));
        SocketFiles.clearStale(this.socketPath);
        this.serverSocket = bind();
        this.accepting = true;
        this.state = State.RUNNING;
        AtomicInteger running = new AtomicInteger(this.maxConcurrency);
        for (int i = 1; i <= this.maxConcurrency; i++) {
            Thread acceptor = new Thread(() -> acceptLoop(running), "acomm-" + this.name + "-" + i);
            acceptor.setDaemon(true);
            this.acceptors.add(acceptor);
        }
        this.acceptors.forEach(Thread::start);
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

    private void acceptLoop(AtomicInteger running) {
        try {
            while (this.accepting) {
                AFUNIXSocketChannel connection = accept();
                if (connection == null) {
                    continue;
                }
                if (!this.accepting) {
                    Closeables.closeQuietly(connection);
                    return;
                }
                serveGuarded(connection);
            }
        }
        finally {
            if (running.decrementAndGet() == 0) {
                if (this.readLoop == null) {
                    this.terminated.complete(null);
                }
                else {
                    stopFrameReading();
                }
            }
        }
    }

    /**
     * @return the next connection; {@code null} when accepting failed (the loop looks at {@code accepting} again)
     */
    private @Nullable AFUNIXSocketChannel accept() {
        try {
            return this.serverSocket.getChannel().accept();
        }
        catch (IOException | RuntimeException ex) {
            // junixsocket reports a socket closed by stopAccepting() as NotYetBoundException, unchecked
            if (this.accepting) {
                this.failureLog.warn("acomm listener on {} failed to accept a connection: {}", this.socketPath,
                        ex.getMessage());
                pauseAfterFailedAccept();
            }
            return null;
        }
    }

    private static void pauseAfterFailedAccept() {
        try {
            // a failed accept (out of file descriptors, say) fails again at once: give the system a moment
            Thread.sleep(ACCEPT_FAILURE_PAUSE_MILLIS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void serveGuarded(AFUNIXSocketChannel connection) {
        if (this.connectionCount.incrementAndGet() > this.maxConnections) {
            this.connectionCount.decrementAndGet();
            this.refusedConnections.increment();
            this.refusalLog.warn("acomm connection on {} closed at once: {} connections are open, the maximum",
                    this.socketPath, this.maxConnections);
            Closeables.closeQuietly(connection);
            return;
        }
        try {
            if (this.frameHandler != null) {
                serveFrame(connection);
            }
            else {
                serveConnection(connection);
            }
        }
        catch (RuntimeException ex) {
            this.failureLog.warn("acomm connection on {} failed: {}", this.socketPath, ex.toString());
        }
        catch (Error ex) {
            becameUnhealthy(ex);
        }
    }

    private void becameUnhealthy(Error error) {
        this.unhealthyCause = error;
        this.failureLog.warn("acomm listener on {} failed serving a connection, and goes on: {}", this.socketPath,
                error.toString());
    }

    private void serveFrame(AFUNIXSocketChannel channel) {
        long acceptedAt = System.nanoTime();
        AFUNIXSocket socket = closeWithoutShutdown(channel);
        FrameConnection connection = new FrameConnection(channel, this.socketPath, this::connectionClosed);
        try {
            if (this.peerFilter != null) {
                String refusedPeer = PeerCheck.refusal(this.peerFilter, channel);
                if (refusedPeer != null) {
                    refusePeer(connection, refusedPeer, acceptedAt);
                    return;
                }
            }
            PartialFrame frame = new PartialFrame(this.frameHandler.codec(), this.readBudget, acceptedAt);
            connection.reading(frame);
            PartialFrame.Progress progress = PartialFrame.Progress.NEEDS_BYTES;
            if (acceptedAt - this.firstReadWaitPausedUntil >= 0) {
                socket.setSoTimeout(FIRST_READ_WAIT_MILLIS);
                progress = frame.readFirst(socket.getInputStream(), channel);
                if (frame.isEmpty()) {
                    // a peer that sends nothing: while such peers come, connections go to the read loop at once
                    this.firstReadWaitPausedUntil = System.nanoTime() + FIRST_READ_WAIT_PAUSE_NANOS;
                }
            }
            if (progress != PartialFrame.Progress.COMPLETE) {
                channel.configureBlocking(false);
                progress = frame.readFrom(channel);
            }
            if (progress == PartialFrame.Progress.COMPLETE) {
                handleFrame(connection, frame);
            }
            else {
                this.readLoop.add(new ReadLoop.Pending(connection, frame));
            }
        }
        catch (FrameException ex) {
            failFrame(connection, ex);
        }
        catch (IOException ex) {
            failFrame(connection, new FrameException("cannot read the frame: " + ex.getMessage()));
        }
        catch (RuntimeException | Error ex) {
            connection.close();
            throw ex;
        }
    }

    /**
     * Answers a refused peer at once, then keeps the connection, unread, until the peer closes it or the read
     * timeout passes: a peer still writing its frame would otherwise fail writing instead of reading its refusal.
     */
    private void refusePeer(FrameConnection connection, String peer, long acceptedAt) throws IOException {
        this.frameHandler.peerRefused(connection, peer);
        connection.channel().configureBlocking(false);
        this.readLoop.add(new ReadLoop.Pending(connection,
                PartialFrame.discarding(this.frameHandler.codec(), acceptedAt)));
    }

    private void handleFrame(FrameConnection connection, PartialFrame frame) {
        try {
            this.frameHandler.frameReceived(connection, frame.payload());
            this.unhealthyCause = null;
        }
        catch (RuntimeException ex) {
            this.failureLog.warn("acomm frame on {} failed: {}", this.socketPath, ex.toString());
        }
        catch (Error ex) {
            becameUnhealthy(ex);
        }
        finally {
            connection.close();
        }
    }

    private void failFrame(FrameConnection connection, FrameException failure) {
        try {
            this.frameHandler.frameFailed(connection, failure);
        }
        finally {
            connection.close();
        }
    }

    private void serveConnection(AFUNIXSocketChannel channel) {
        try {
            String refusedPeer = this.peerFilter == null ? null : PeerCheck.refusal(this.peerFilter, channel);
            if (refusedPeer != null) {
                this.refusalLog.warn("acomm connection on {} from a peer that is not allowed ({}) closed",
                        this.socketPath, refusedPeer);
                return;
            }
            AFUNIXSocket connection = closeWithoutShutdown(channel);
            this.openConnections.add(channel);
            this.connectionHandler.handle(connection);
        }
        catch (IOException | RuntimeException ex) {
            this.failureLog.warn("acomm connection on {} failed: {}", this.socketPath, ex.toString());
            logger.debug("acomm connection failure on {}", this.socketPath, ex);
        }
        finally {
            Closeables.closeQuietly(channel);
            this.openConnections.remove(channel);
            connectionClosed();
        }
    }

    /**
     * The descriptor of an accepted connection is this process's alone, so closing it ends the connection without
     * the extra {@code shutdown()} junixsocket makes by default, which may otherwise hit a descriptor number that
     * was closed and reused meanwhile (closing still shuts the socket down once, which wakes a blocked reader).
     */
    private static AFUNIXSocket closeWithoutShutdown(AFUNIXSocketChannel channel) {
        AFUNIXSocket socket = (AFUNIXSocket) channel.socket();
        socket.setShutdownOnClose(false);
        return socket;
    }

    private void connectionClosed() {
        this.connectionCount.decrementAndGet();
    }

    private void stopFrameReading() {
        this.readLoop.stop();
        this.frameWorkers.shutdown();
        this.terminated.complete(null);
    }

    /**
     * Stops the listener: refuses new connections at once, deletes the socket file, waits up to the timeout for the
     * connections in flight, then closes any still open. Stopping a listener that is not running does nothing.
     * @param timeout how long to wait for connections in flight
     * @return {@code true} when every connection in flight was served in time, {@code false} when some were cut off
     *     (then logged in one WARN line)
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
        long deadline = System.nanoTime() + timeout.toNanos();
        stopAccepting();
        boolean served = awaitAcceptors(deadline) && awaitFrameWorkers(deadline);
        if (!served) {
            logger.warn("acomm listener on {} stopped after {} with {} connection(s) still being served: cut off",
                    this.socketPath, timeout, this.connectionCount.get());
            this.openConnections.forEach(Closeables::closeQuietly);
            this.acceptors.forEach(Thread::interrupt);
            if (this.frameWorkers != null) {
                this.frameWorkers.shutdownNow();
            }
            long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            awaitAcceptors(grace);
            awaitFrameWorkers(grace);
        }
        return served;
    }

    private boolean awaitAcceptors(long deadline) {
        for (Thread acceptor : this.acceptors) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                acceptor.join(Math.max(1, remaining));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (acceptor.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private boolean awaitFrameWorkers(long deadline) {
        if (this.frameWorkers == null) {
            return true;
        }
        try {
            this.frameWorkers.shutdown();
            return this.frameWorkers.awaitTermination(Math.max(1, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
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
            if (!this.accepting) {
                return;
            }
            this.accepting = false;
            // closing shuts the socket down first, which ends every accept() waiting on it
            Closeables.closeQuietly(this.serverSocket);
            try {
                Files.deleteIfExists(this.socketPath);
            }
            catch (IOException ex) {
                logger.warn("cannot delete acomm socket file {}: {}", this.socketPath, ex.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "UnixListener[" + this.socketPath + "]";
    }
}
