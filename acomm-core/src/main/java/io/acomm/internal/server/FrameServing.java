package io.acomm.internal.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.acomm.FrameException;
import io.acomm.PeerFilter;
import io.acomm.internal.util.WorkerPools;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * Reads one frame from each connection for a {@link FrameHandler} without tying a thread to a peer that is not
 * sending. The accepting thread reads what the connection has at once, which is usually the whole frame, and handles
 * it; a frame still incomplete goes to the {@link ReadLoop} and is handled on a worker once complete. The frames
 * being read and decoded at once share a {@link ReadBudget}. A peer the {@link PeerFilter} refuses is answered before
 * its frame is read.
 */
final class FrameServing implements Serving, ReadLoop.Outcomes {

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

    private final Path socketPath;
    private final @Nullable PeerFilter peerFilter;
    private final FrameHandler handler;
    private final ConnectionLimit limit;
    private final ListenerHealth health;
    private final ExecutorService workers;
    private final ReadLoop readLoop;
    private final ReadBudget readBudget;
    private volatile long firstReadWaitPausedUntil = System.nanoTime();

    /**
     * Starts the workers and the read loop.
     * @param settings the listener's settings
     * @param handler handles the frames, whose codec sets their maximum size and the time allowed to read one
     * @param limit counts the connections closed
     * @param health where failures are logged
     * @throws IOException if the read loop cannot open its selector
     */
    FrameServing(ListenerSettings settings, FrameHandler handler, ConnectionLimit limit, ListenerHealth health)
            throws IOException {
        this.socketPath = settings.socketPath();
        this.peerFilter = settings.peerFilter();
        this.handler = handler;
        this.limit = limit;
        this.health = health;
        this.workers = WorkerPools.newPool(settings.threadName("worker-"), settings.maxConcurrency());
        this.readLoop = new ReadLoop(settings.threadName("reader"), this);
        this.readBudget = new ReadBudget(Math.max(settings.readBudgetBytes(), handler.codec().maxFrameSize()),
                this.readLoop::budgetReleased);
    }

    @Override
    public void serve(AFUNIXSocketChannel channel) {
        long acceptedAt = System.nanoTime();
        AFUNIXSocket socket = ListenerSocket.closeWithoutShutdown(channel);
        FrameConnection connection = new FrameConnection(channel, this.socketPath, this.limit::closed);
        try {
            String refusedPeer = this.peerFilter == null ? null : PeerCheck.refusal(this.peerFilter, channel);
            if (refusedPeer != null) {
                refusePeer(connection, refusedPeer, acceptedAt);
                return;
            }
            PartialFrame frame = new PartialFrame(this.handler.codec(), this.readBudget, acceptedAt);
            connection.reading(frame);
            if (readAtOnce(frame, channel, socket, acceptedAt) == PartialFrame.Progress.COMPLETE) {
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
     * Reads what the connection has at once, after waiting up to {@link #FIRST_READ_WAIT_MILLIS} for the first
     * bytes unless a silent peer paused that wait; a connection whose frame is still incomplete is left
     * non-blocking, ready for the read loop.
     */
    private PartialFrame.Progress readAtOnce(PartialFrame frame, AFUNIXSocketChannel channel, AFUNIXSocket socket,
            long acceptedAt) throws IOException {
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
        return progress;
    }

    /**
     * Answers a refused peer at once, then keeps the connection, unread, until the peer closes it or the read
     * timeout passes: a peer still writing its frame would otherwise fail writing instead of reading its refusal.
     */
    private void refusePeer(FrameConnection connection, String peer, long acceptedAt) throws IOException {
        this.handler.peerRefused(connection, peer);
        connection.channel().configureBlocking(false);
        this.readLoop.add(new ReadLoop.Pending(connection, PartialFrame.discarding(this.handler.codec(), acceptedAt)));
    }

    @Override
    public void completed(ReadLoop.Pending pending) {
        if (pending.frame.isDiscarding()) {
            pending.connection.close();
        }
        else {
            WorkerPools.execute(this.workers, () -> handleFrame(pending.connection, pending.frame));
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

    private void handleFrame(FrameConnection connection, PartialFrame frame) {
        try {
            this.handler.frameReceived(connection, frame.payload());
            this.health.served();
        }
        catch (RuntimeException ex) {
            this.health.failed("acomm frame on {} failed: {}", this.socketPath, ex.toString());
        }
        catch (Error ex) {
            this.health.becameUnhealthy(ex);
        }
        finally {
            connection.close();
        }
    }

    private void failFrame(FrameConnection connection, FrameException failure) {
        try {
            this.handler.frameFailed(connection, failure);
        }
        finally {
            connection.close();
        }
    }

    @Override
    public void finish() {
        this.readLoop.stop();
        this.workers.shutdown();
    }

    @Override
    public boolean awaitWorkers(long deadline) {
        try {
            this.workers.shutdown();
            return this.workers.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void cutOff() {
        this.workers.shutdownNow();
    }
}
