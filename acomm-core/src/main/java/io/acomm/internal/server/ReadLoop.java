package io.acomm.internal.server;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.acomm.FrameException;
import org.jspecify.annotations.Nullable;

/**
 * The one thread of a {@link UnixListener} that finishes reading the frames that were not complete when their
 * connection was accepted: a selector loop over any number of such connections, so that peers sending slowly or not
 * at all cost a registration each, not a thread. Each frame is due by its deadline; one that is late, invalid or cut
 * short is failed, and a complete one is handed on. Frames waiting for room in the {@link ReadBudget} stay unread in
 * the kernel until bytes are given back.
 */
public final class ReadLoop extends SelectorLoop {

    /** A connection whose frame is being read by the loop. */
    static final class Pending {

        final FrameConnection connection;
        final PartialFrame frame;
        private SelectionKey key;
        private boolean done;
        private boolean waiting;

        Pending(FrameConnection connection, PartialFrame frame) {
            this.connection = connection;
            this.frame = frame;
        }
    }

    /** What becomes of the frames the loop finishes or fails; both run on the loop thread and must not block. */
    interface Outcomes {

        void completed(Pending pending);

        void failed(Pending pending, FrameException failure);
    }

    private final Outcomes outcomes;
    private final Queue<Pending> incoming = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Pending> byDeadline = new PriorityQueue<>(
            Comparator.comparingLong(pending -> pending.frame.deadline()));
    private final ArrayDeque<Pending> waitingForBudget = new ArrayDeque<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AtomicBoolean budgetReleased = new AtomicBoolean();

    /**
     * Opens the selector and starts the loop's thread.
     * @param threadName the thread's name
     * @param outcomes what becomes of the frames
     * @throws IOException if no selector can be opened
     */
    ReadLoop(String threadName, Outcomes outcomes) throws IOException {
        super(threadName);
        this.outcomes = outcomes;
        start();
    }

    /**
     * Hands over a connection whose frame is incomplete; the loop reads the rest as it arrives.
     */
    void add(Pending pending) {
        this.incoming.add(pending);
        this.selector.wakeup();
    }

    /**
     * Tells the loop that budget was given back, if frames wait for it.
     */
    void budgetReleased() {
        if (this.waitingCount.get() > 0 && !this.budgetReleased.getAndSet(true)) {
            this.selector.wakeup();
        }
    }

    @Override
    protected void beforeSelect() {
        registerIncoming();
        if (this.budgetReleased.getAndSet(false)) {
            retryWaitingForBudget();
        }
    }

    @Override
    protected void ready(Object attachment) {
        advance((Pending) attachment);
    }

    private void registerIncoming() {
        Pending pending;
        while ((pending = this.incoming.poll()) != null) {
            this.byDeadline.add(pending);
            try {
                pending.key = pending.connection.channel().register(this.selector, SelectionKey.OP_READ, pending);
            }
            catch (ClosedChannelException ex) {
                fail(pending, new FrameException("connection closed before a frame arrived"));
                continue;
            }
            // bytes that came between the accepting thread's read and the registration are read now
            advance(pending);
        }
    }

    /**
     * @return how far the frame got, {@code null} once it is finished or failed
     */
    private PartialFrame.@Nullable Progress advance(Pending pending) {
        if (pending.done) {
            return null;
        }
        try {
            PartialFrame.Progress progress = pending.frame.readFrom(pending.connection.channel());
            switch (progress) {
                case COMPLETE -> finish(pending);
                case NEEDS_BUDGET -> waitForBudget(pending);
                case NEEDS_BYTES -> {
                    return progress;
                }
            }
            return pending.done ? null : progress;
        }
        catch (FrameException ex) {
            fail(pending, ex);
        }
        catch (IOException ex) {
            fail(pending, new FrameException("cannot read the frame: " + ex.getMessage()));
        }
        return null;
    }

    private void waitForBudget(Pending pending) {
        pending.key.interestOps(0);
        if (!pending.waiting) {
            pending.waiting = true;
            this.waitingForBudget.add(pending);
            this.waitingCount.incrementAndGet();
            // budget given back before the count went up would otherwise go unnoticed
            this.budgetReleased.set(true);
        }
    }

    /**
     * Lets the frames that wait for budget try again, in the order they came: the first that still does not fit
     * keeps its place, so that a large frame is not overtaken for ever by smaller ones.
     */
    private void retryWaitingForBudget() {
        Pending pending;
        while ((pending = this.waitingForBudget.peek()) != null) {
            PartialFrame.Progress progress = advance(pending);
            if (progress == PartialFrame.Progress.NEEDS_BUDGET) {
                return;
            }
            if (progress == PartialFrame.Progress.NEEDS_BYTES) {
                pending.key.interestOps(SelectionKey.OP_READ);
            }
            this.waitingForBudget.poll();
            pending.waiting = false;
            this.waitingCount.decrementAndGet();
        }
    }

    @Override
    protected long nextDeadline() {
        Pending next;
        while ((next = this.byDeadline.peek()) != null && next.done) {
            this.byDeadline.poll();
        }
        return next == null ? NO_DEADLINE : next.frame.deadline();
    }

    @Override
    protected void expire(long now) {
        Pending next;
        while ((next = this.byDeadline.peek()) != null && (next.done || next.frame.deadline() - now <= 0)) {
            this.byDeadline.poll();
            if (!next.done) {
                fail(next, next.frame.timedOut());
            }
        }
    }

    private void finish(Pending pending) {
        pending.done = true;
        pending.key.cancel();
        this.outcomes.completed(pending);
    }

    private void fail(Pending pending, FrameException failure) {
        pending.done = true;
        if (pending.key != null) {
            pending.key.cancel();
        }
        this.outcomes.failed(pending, failure);
    }

    /**
     * Closes every connection the loop still reads from, unanswered.
     */
    @Override
    protected void closeAll() {
        this.incoming.forEach(this.byDeadline::add);
        this.incoming.clear();
        for (Pending pending : this.byDeadline) {
            if (!pending.done) {
                pending.done = true;
                pending.frame.release();
                pending.connection.close();
            }
        }
        this.byDeadline.clear();
        this.waitingForBudget.clear();
    }
}
