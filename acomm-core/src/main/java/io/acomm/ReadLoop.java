package io.acomm;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread of a {@link UnixListener} that finishes reading the frames that were not complete when their
 * connection was accepted: a selector loop over any number of such connections, so that peers sending slowly or not
 * at all cost a registration each, not a thread. Each frame is due by its deadline; one that is late, invalid or cut
 * short is failed, and a complete one is handed on. Frames waiting for room in the {@link ReadBudget} stay unread in
 * the kernel until bytes are given back.
 */
final class ReadLoop {

    private static final Logger logger = LoggerFactory.getLogger(ReadLoop.class);

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

    private static final long NO_DEADLINE = -1;

    private final Outcomes outcomes;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Pending> incoming = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Pending> byDeadline = new PriorityQueue<>(
            Comparator.comparingLong(pending -> pending.frame.deadline()));
    private final ArrayDeque<Pending> waitingForBudget = new ArrayDeque<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AtomicBoolean budgetReleased = new AtomicBoolean();
    private volatile boolean running = true;

    /**
     * Opens the selector and starts the loop's thread.
     * @param threadName the thread's name
     * @param outcomes what becomes of the frames
     * @throws IOException if no selector can be opened
     */
    ReadLoop(String threadName, Outcomes outcomes) throws IOException {
        this.outcomes = outcomes;
        this.selector = AFUNIXSelectorProvider.provider().openSelector();
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
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

    /**
     * Stops the loop and closes every connection it still reads from, unanswered; waits for its thread up to a
     * second.
     */
    void stop() {
        this.running = false;
        this.selector.wakeup();
        try {
            this.thread.join(TimeUnit.SECONDS.toMillis(1));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (this.running) {
                try {
                    loopOnce();
                }
                catch (IOException | RuntimeException | Error ex) {
                    // a failure of the selector itself (never of one connection, those are failed one by one)
                    logger.error("acomm read loop {} failed; it goes on", this.thread.getName(), ex);
                }
            }
        }
        finally {
            closeAll();
        }
    }

    private void loopOnce() throws IOException {
        registerIncoming();
        if (this.budgetReleased.getAndSet(false)) {
            retryWaitingForBudget();
        }
        long untilDeadline = nextDeadlineMillis();
        if (untilDeadline == NO_DEADLINE) {
            this.selector.select();
        }
        else {
            this.selector.select(Math.max(1, untilDeadline));
        }
        Iterator<SelectionKey> selected = this.selector.selectedKeys().iterator();
        while (selected.hasNext()) {
            SelectionKey key = selected.next();
            selected.remove();
            advance((Pending) key.attachment());
        }
        expireOverdue();
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
    private PartialFrame.Progress advance(Pending pending) {
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

    /**
     * @return the milliseconds until the next frame is due (at least 0), or {@link #NO_DEADLINE} when none is
     *     pending
     */
    private long nextDeadlineMillis() {
        Pending next;
        while ((next = this.byDeadline.peek()) != null && next.done) {
            this.byDeadline.poll();
        }
        if (next == null) {
            return NO_DEADLINE;
        }
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(next.frame.deadline() - System.nanoTime() + 999_999));
    }

    private void expireOverdue() {
        long now = System.nanoTime();
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

    private void closeAll() {
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
        try {
            this.selector.close();
        }
        catch (IOException ex) {
            logger.debug("acomm read loop selector failed to close: {}", ex.getMessage());
        }
    }
}
