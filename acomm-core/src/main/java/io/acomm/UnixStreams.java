package io.acomm;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.acomm.internal.server.SocketFiles;
import io.acomm.internal.server.UnixListener;
import io.acomm.internal.stream.StreamServer;
import io.acomm.internal.util.Closeables;
import io.acomm.internal.util.Timeouts;
import io.acomm.internal.util.WorkerPools;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one-shot Unix stream sockets, {@code unix://} URLs a response can carry instead of a result: the first
 * allowed reader that connects receives the source's bytes, then the socket goes away and the source is closed. A
 * stream nobody reads within the reader timeout is closed. Pending streams wait on one selector thread for all of
 * them; the bytes are written on a writer thread once a reader is there.
 * <p>
 * A {@link Tracker} creates its own unless it is given one; an application that serves tasks returning streams can
 * share one between its tracker and its provider, so that streams outlive whichever of them stops first. Start it
 * before use and stop it after both. Stale stream socket files that a crash left in its directory are deleted at
 * start. Instances are thread-safe; a stopped instance can be started again.
 */
public final class UnixStreams implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(UnixStreams.class);

    /** The default time a stream waits for its reader: one minute. */
    public static final Duration DEFAULT_READER_TIMEOUT = Duration.ofMinutes(1);

    /** How long {@link #close()} waits for the streams being written: one second. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    /** How the socket files of streams begin; stale ones are deleted at start. */
    static final String FILE_PREFIX = "acomm-stream-";

    private final Path dir;
    private final Set<PosixFilePermission> permissions;
    private final PeerFilter peerFilter;
    private final Duration writeIdle;
    private final Duration readerTimeout;
    private final Object lifecycleMonitor = new Object();
    private volatile StreamServer server;
    private ExecutorService writers;

    private UnixStreams(Builder builder) {
        this.dir = builder.dir.toAbsolutePath();
        this.permissions = builder.permissions;
        this.peerFilter = builder.peerFilter;
        this.writeIdle = builder.writeIdle;
        this.readerTimeout = builder.readerTimeout;
    }

    /**
     * @return a builder with the defaults: streams in the system temp dir, the default socket permissions and peer
     *     filter, the default frame read time as the write idle time, a one minute reader timeout
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the directory of the streams opened without one
     */
    public Path dir() {
        return this.dir;
    }

    /**
     * @return whether new streams can be opened
     */
    public boolean isRunning() {
        StreamServer current = this.server;
        return current != null && current.isRunning();
    }

    /**
     * Starts serving streams, after deleting the stale stream socket files in its directory. Does nothing if it
     * runs already.
     * @throws AcommException if the stream server cannot be started
     */
    public void start() {
        synchronized (this.lifecycleMonitor) {
            if (this.server != null) {
                return;
            }
            SocketFiles.deleteStale(this.dir, FILE_PREFIX);
            ExecutorService newWriters = WorkerPools.newElasticPool("acomm-stream-writer-");
            try {
                this.server = new StreamServer("acomm-streams", this.permissions, this.peerFilter, this.writeIdle,
                        newWriters);
            }
            catch (IOException ex) {
                newWriters.shutdown();
                throw new AcommException("cannot start the unix streams: " + ex.getMessage(), ex);
            }
            this.writers = newWriters;
        }
    }

    /**
     * Stops serving streams: the streams nobody has connected to are closed at once with their socket files and
     * sources, and the streams being written get up to the timeout to finish; the writers still busy then are
     * interrupted. Stopping streams that do not run does nothing.
     * @param timeout how long to wait for the streams being written
     * @return whether every stream being written finished within the timeout
     */
    public boolean stop(Duration timeout) {
        StreamServer stopped;
        ExecutorService busy;
        synchronized (this.lifecycleMonitor) {
            stopped = this.server;
            busy = this.writers;
            if (stopped == null) {
                return true;
            }
            this.server = null;
            this.writers = null;
        }
        stopped.stop();
        busy.shutdown();
        try {
            if (busy.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        logger.warn("acomm unix streams stopped while {} stream(s) were still being written; interrupting them",
                ((ThreadPoolExecutor) busy).getActiveCount());
        busy.shutdownNow();
        return false;
    }

    /**
     * Stops with {@link #CLOSE_TIMEOUT}, see {@link #stop(Duration)}.
     */
    @Override
    public void close() {
        stop(CLOSE_TIMEOUT);
    }

    /**
     * Opens a stream of an input stream's bytes.
     * @param dir the directory of the socket file, {@code null} for {@link #dir()}
     * @param source the data; closed once the stream is read, abandoned or stopped
     * @return the {@code unix://} URL of the stream
     * @throws AcommException if the streams are not running or the socket cannot be bound; the source is closed
     */
    public URI newStreamUnix(@Nullable Path dir, InputStream source) {
        return newStreamUnix(dir, StreamSource.of(source));
    }

    /**
     * Opens a stream whose bytes a source writes when the reader connects.
     * @param dir the directory of the socket file, {@code null} for {@link #dir()}
     * @param source the data; closed once the stream is read, abandoned or stopped
     * @return the {@code unix://} URL of the stream
     * @throws AcommException if the streams are not running or the socket cannot be bound; the source is closed
     */
    public URI newStreamUnix(@Nullable Path dir, StreamSource source) {
        StreamServer current = this.server;
        try {
            if (current == null) {
                throw new IOException("the unix streams are not running");
            }
            Path socket = (dir != null ? dir : this.dir).resolve(FILE_PREFIX + randomSuffix() + ".sock");
            return current.open(socket, source, this.readerTimeout);
        }
        catch (IOException ex) {
            Closeables.closeQuietly(source);
            throw new AcommException("cannot open a stream: " + ex.getMessage(), ex);
        }
    }

    /**
     * @param streamUrl a stream URL
     * @return whether it is a stream opened here that still waits for its reader
     */
    public boolean isOwnStream(URI streamUrl) {
        StreamServer current = this.server;
        return current != null && current.isPending(streamUrl);
    }

    /**
     * @return 16 random hex digits, for unique socket file names
     */
    static String randomSuffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    @Override
    public String toString() {
        return "UnixStreams[" + this.dir + (isRunning() ? ", running]" : ", stopped]");
    }

    /**
     * Builds {@link UnixStreams}.
     */
    public static final class Builder {

        private Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        private Set<PosixFilePermission> permissions = UnixListener.DEFAULT_PERMISSIONS;
        private PeerFilter peerFilter = PeerFilter.currentUserAndRoot();
        private Duration writeIdle = FrameCodec.DEFAULT_READ_TIMEOUT;
        private Duration readerTimeout = DEFAULT_READER_TIMEOUT;

        private Builder() {
        }

        /**
         * @param dir the directory of the streams opened without one; stale stream files in it are deleted at start
         * @return this builder
         */
        public Builder dir(Path dir) {
            this.dir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * @param permissions the permissions of each stream's socket file
         * @return this builder
         */
        public Builder socketPermissions(Set<PosixFilePermission> permissions) {
            this.permissions = Set.copyOf(permissions);
            return this;
        }

        /**
         * @param peerFilter the readers allowed; others are disconnected and the stream waits for an allowed one
         * @return this builder
         */
        public Builder peerFilter(PeerFilter peerFilter) {
            this.peerFilter = Objects.requireNonNull(peerFilter, "peerFilter");
            return this;
        }

        /**
         * @param writeIdle how long a write waits for a reader that stops reading before the stream fails
         * @return this builder
         */
        public Builder writeIdle(Duration writeIdle) {
            this.writeIdle = Timeouts.requirePositive(writeIdle, "writeIdle");
            return this;
        }

        /**
         * @param readerTimeout how long a stream waits for its reader before it is closed
         * @return this builder
         */
        public Builder readerTimeout(Duration readerTimeout) {
            this.readerTimeout = Timeouts.requirePositive(readerTimeout, "readerTimeout");
            return this;
        }

        /**
         * @return the stream server, not yet started
         */
        public UnixStreams build() {
            return new UnixStreams(this);
        }
    }
}
