package io.acomm.internal.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

import io.acomm.PeerFilter;
import io.acomm.StreamSource;
import io.acomm.internal.server.PeerCheck;
import io.acomm.internal.server.SelectorLoop;
import io.acomm.internal.server.SocketFiles;
import io.acomm.internal.util.Closeables;
import io.acomm.internal.util.DeadlineOutputStream;
import io.acomm.internal.util.RateLimitedLog;
import io.acomm.internal.util.SocketPaths;
import io.acomm.internal.util.Timeouts;
import io.acomm.transport.UnixTransport;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-shot stream sockets: each serves its bytes to the first allowed reader that connects, then goes away.
 * Pending streams wait on one selector thread for all of them, so a stream nobody has read yet costs a socket, not a
 * thread; the bytes are written on a writer thread once a reader is there, and a reader that stops
 * reading fails the stream after the write idle time, so that it cannot hold the writer. A stream not read in
 * time, and every stream pending when the server stops, is closed with its socket file and its source, on the
 * selector thread, so that no descriptor or file is left behind. Peers the {@link PeerFilter} refuses are
 * disconnected and the stream waits for an allowed reader.
 */
public final class StreamServer extends SelectorLoop {

    private static final Logger logger = LoggerFactory.getLogger(StreamServer.class);

    /** A stream waiting for its reader. */
    private static final class Pending {

        final URI url;
        final Path path;
        final AFUNIXServerSocketChannel server;
        final StreamSource source;
        final long deadline;

        Pending(URI url, Path path, AFUNIXServerSocketChannel server, StreamSource source, long deadline) {
            this.url = url;
            this.path = path;
            this.server = server;
            this.source = source;
            this.deadline = deadline;
        }
    }

    private final Set<PosixFilePermission> permissions;
    private final PeerFilter peerFilter;
    private final int writeIdleMillis;
    private final Executor writers;
    private final Map<URI, Pending> pending = new ConcurrentHashMap<>();
    private final Queue<Pending> incoming = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Pending> byDeadline = new PriorityQueue<>(
            Comparator.comparingLong(stream -> stream.deadline));
    private final RateLimitedLog refusals = new RateLimitedLog(logger, "refused stream readers");

    /**
     * Opens the selector and starts its thread.
     * @param threadName the selector thread's name
     * @param permissions the permissions of each stream's socket file
     * @param peerFilter the readers allowed
     * @param writeIdle how long a write waits for a reader that does not read before the stream fails
     * @param writers writes the bytes of each stream that found its reader
     * @throws IOException if no selector can be opened
     */
    public StreamServer(String threadName, Set<PosixFilePermission> permissions, PeerFilter peerFilter,
            Duration writeIdle, Executor writers) throws IOException {
        super(threadName);
        this.permissions = Set.copyOf(permissions);
        this.peerFilter = peerFilter;
        this.writeIdleMillis = Timeouts.socketTimeout(writeIdle);
        this.writers = writers;
        start();
    }

    /**
     * Binds a stream socket; the source is closed once the stream is read, abandoned or stopped.
     * @param path the socket path
     * @param source the bytes
     * @param timeout how long the stream waits for its reader
     * @return the stream's URL
     * @throws IOException if the socket cannot be bound (the source is left open)
     */
    public URI open(Path path, StreamSource source, Duration timeout) throws IOException {
        if (!isRunning()) {
            throw new IOException("stream server stopped");
        }
        String tooLong = SocketPaths.lengthProblem(path);
        if (tooLong != null) {
            throw new IOException("cannot listen on " + path + ": " + tooLong);
        }
        AFUNIXServerSocketChannel server = AFUNIXServerSocketChannel.open();
        try {
            SocketFiles.createParents(path, SocketFiles.directoryPermissions(this.permissions));
            SocketFiles.clearStale(path);
            server.bind(AFUNIXSocketAddress.of(path), 1);
            server.configureBlocking(false);
            Files.setPosixFilePermissions(path, this.permissions);
        }
        catch (IOException ex) {
            server.close();
            Files.deleteIfExists(path);
            throw new IOException("cannot listen on " + path + ": " + ex.getMessage(), ex);
        }
        URI url = UnixTransport.url(path);
        Pending stream = new Pending(url, path, server, source, System.nanoTime() + timeout.toNanos());
        this.pending.put(url, stream);
        this.incoming.add(stream);
        this.selector.wakeup();
        if (!isRunning() && this.pending.remove(url) != null) {
            abandon(stream);
            throw new IOException("stream server stopped");
        }
        return url;
    }

    /**
     * @return whether the stream is still waiting for its reader
     */
    public boolean isPending(URI url) {
        return url != null && this.pending.containsKey(url);
    }

    /**
     * Closes every stream still pending, with its socket file and its source.
     */
    @Override
    protected void closeAll() {
        this.incoming.clear();
        this.byDeadline.clear();
        abandonAll();
    }

    /**
     * Abandons every pending stream; each is claimed by removing it, so that a stream opened while the server stops
     * is abandoned once, here or in {@link #open}.
     */
    private void abandonAll() {
        for (URI url : this.pending.keySet()) {
            Pending stream = this.pending.remove(url);
            if (stream != null) {
                abandon(stream);
            }
        }
    }

    @Override
    protected void beforeSelect() {
        Pending stream;
        while ((stream = this.incoming.poll()) != null) {
            try {
                stream.server.register(this.selector, SelectionKey.OP_ACCEPT, stream);
                this.byDeadline.add(stream);
            }
            catch (ClosedChannelException ex) {
                abandon(stream);
            }
        }
    }

    @Override
    protected long nextDeadline() {
        Pending next = this.byDeadline.peek();
        return next == null ? NO_DEADLINE : next.deadline;
    }

    @Override
    protected void ready(Object attachment) {
        accept((Pending) attachment);
    }

    private void accept(Pending stream) {
        if (!this.pending.containsKey(stream.url)) {
            return;
        }
        AFUNIXSocketChannel reader;
        try {
            reader = stream.server.accept();
        }
        catch (IOException ex) {
            logger.debug("acomm stream {} failed to accept a reader: {}", stream.url, ex.getMessage());
            return;
        }
        if (reader == null) {
            return;
        }
        if (!allowed(stream, reader)) {
            Closeables.closeQuietly(reader);
            return;
        }
        this.pending.remove(stream.url);
        closeServer(stream);
        this.writers.execute(() -> write(stream, reader, this.writeIdleMillis));
    }

    private boolean allowed(Pending stream, AFUNIXSocketChannel reader) {
        if (this.peerFilter == null) {
            return true;
        }
        try {
            String refused = PeerCheck.refusal(this.peerFilter, reader);
            if (refused != null) {
                this.refusals.warn("acomm stream {}: a reader that is not allowed ({}) was disconnected; the stream "
                        + "waits for an allowed one", stream.url, refused);
            }
            return refused == null;
        }
        catch (IOException ex) {
            logger.debug("acomm stream {}: the reader's credentials cannot be read: {}", stream.url, ex.getMessage());
            return false;
        }
    }

    private static void write(Pending stream, AFUNIXSocketChannel reader, int writeIdleMillis) {
        try {
            reader.configureBlocking(true);
            AFUNIXSocket socket = (AFUNIXSocket) reader.socket();
            socket.setShutdownOnClose(false);
            socket.setSoTimeout(writeIdleMillis);
            try (OutputStream out = DeadlineOutputStream.idleLimited(socket)) {
                stream.source.writeTo(out);
            }
        }
        catch (IOException | RuntimeException ex) {
            logger.warn("acomm stream {} failed while its reader was reading: {}", stream.url, ex.toString());
        }
        finally {
            Closeables.closeQuietly(reader);
            Closeables.closeQuietly(stream.source);
        }
    }

    @Override
    protected void expire(long now) {
        Pending next;
        while ((next = this.byDeadline.peek()) != null
                && (!this.pending.containsKey(next.url) || next.deadline - now <= 0)) {
            this.byDeadline.poll();
            if (this.pending.remove(next.url) != null) {
                logger.debug("acomm stream {} was not read in time; closing it", next.url);
                abandon(next);
            }
        }
    }

    private void abandon(Pending stream) {
        closeServer(stream);
        Closeables.closeQuietly(stream.source);
    }

    private static void closeServer(Pending stream) {
        Closeables.closeQuietly(stream.server);
        try {
            Files.deleteIfExists(stream.path);
        }
        catch (IOException ex) {
            logger.warn("cannot delete acomm stream socket file {}: {}", stream.path, ex.getMessage());
        }
    }
}
