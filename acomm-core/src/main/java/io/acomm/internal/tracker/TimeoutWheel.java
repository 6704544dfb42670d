package io.acomm.internal.tracker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.acomm.internal.util.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hashed timing wheel: one thread and a ring of buckets for any number of timeouts, so that a million outstanding
 * timeouts cost a million small nodes and nothing more.
 * <p>
 * Each node is linked into the bucket of its deadline tick (an intrusive doubly linked list, guarded by the bucket's
 * lock), so scheduling and cancelling are O(1). The wheel thread visits one bucket per tick and expires the nodes
 * whose deadline tick has come; nodes a whole round or more ahead stay where they are. A timeout fires at the first
 * tick at or after its deadline. After a second with nothing scheduled the thread sleeps until something is. The
 * thread starts with {@link #start()}, not with the wheel; an expiry that fails is logged and the wheel turns on.
 * @param <N> the node type
 */
public final class TimeoutWheel<N extends TimeoutWheel.Node> {

    private static final Logger logger = LoggerFactory.getLogger(TimeoutWheel.class);

    /**
     * The part of a timed object the wheel owns. Subclasses add their payload; a node is scheduled at most once.
     * Its fate is decided once, by whoever moves it out of {@code PENDING}: {@link #cancel} or the expiry.
     */
    public abstract static class Node {
        long deadlineTick;
        volatile int bucket = -1;
        volatile int state = PENDING;
        Node previous;
        Node next;

        protected Node() {
        }
    }

    private static final int PENDING = 0;
    private static final int CANCELLED = 1;
    private static final int EXPIRED = 2;

    private static final AtomicIntegerFieldUpdater<Node> STATE = AtomicIntegerFieldUpdater.newUpdater(Node.class,
            "state");

    private static final class Bucket {
        private Node head;
    }

    private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** How many ticks the wheel must have been empty before its thread sleeps until something is scheduled. */
    private static final long IDLE_AFTER_TICKS = 100;

    private final long tickNanos;
    private final Bucket[] buckets;
    private final int mask;
    private final Consumer<N> onExpiry;
    private final AtomicInteger scheduled = new AtomicInteger();
    private final long startNanos;
    private final Thread thread;
    private final RateLimitedLog failures = new RateLimitedLog(logger, "failed timeout handlings");
    private volatile long lastTick;
    private volatile boolean running = true;
    private volatile boolean idle;

    /**
     * @param tickNanos the resolution
     * @param size the number of buckets, a power of two
     * @param onExpiry receives each expired node, on the wheel thread
     * @param threadName the name of the wheel thread
     */
    public TimeoutWheel(long tickNanos, int size, Consumer<N> onExpiry, String threadName) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("wheel size must be a power of two: " + size);
        }
        this.tickNanos = tickNanos;
        this.buckets = new Bucket[size];
        for (int i = 0; i < size; i++) {
            this.buckets[i] = new Bucket();
        }
        this.mask = size - 1;
        this.onExpiry = onExpiry;
        this.startNanos = System.nanoTime();
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    /**
     * Starts the wheel's thread; nodes scheduled before expire once it turns.
     * @return this wheel
     */
    public TimeoutWheel<N> start() {
        this.thread.start();
        return this;
    }

    /**
     * Schedules a node to expire at a deadline. A node that was cancelled before is not scheduled.
     * @param node the node
     * @param deadlineNanos the deadline on the {@link System#nanoTime()} scale
     */
    public void schedule(N node, long deadlineNanos) {
        long deadlineTick = Math.max(0, ceilDiv(deadlineNanos - this.startNanos, this.tickNanos));
        node.deadlineTick = deadlineTick;
        while (true) {
            long tick = Math.max(deadlineTick, this.lastTick + 1);
            Bucket bucket = this.buckets[(int) (tick & this.mask)];
            synchronized (bucket) {
                if (tick <= this.lastTick) {
                    continue;
                }
                if (node.state != PENDING) {
                    return;
                }
                node.bucket = (int) (tick & this.mask);
                node.next = bucket.head;
                if (bucket.head != null) {
                    bucket.head.previous = node;
                }
                bucket.head = node;
            }
            break;
        }
        this.scheduled.incrementAndGet();
        if (node.state == CANCELLED) {
            // cancel() ran while the node was being linked and may not have seen its bucket
            unlinkIfLinked(node);
        }
        if (this.idle) {
            LockSupport.unpark(this.thread);
        }
    }

    /**
     * @param node a node that was scheduled
     * @return its deadline on the {@link System#nanoTime()} scale, rounded up to the wheel's resolution
     */
    public long deadlineNanos(N node) {
        return this.startNanos + node.deadlineTick * this.tickNanos;
    }

    /**
     * Cancels a node, whether it was scheduled yet or not, unless it has expired already.
     * @param node the node
     * @return whether this call prevented the expiry: {@code false} when the node has expired (or is expiring) or
     *     was cancelled before
     */
    public boolean cancel(N node) {
        if (!STATE.compareAndSet(node, PENDING, CANCELLED)) {
            return false;
        }
        // schedule() links only pending nodes and looks at the state again after linking, so a node it linked
        // concurrently is unlinked here or there (both writes are volatile: at least one side sees the other)
        unlinkIfLinked(node);
        return true;
    }

    private void unlinkIfLinked(Node node) {
        while (true) {
            int index = node.bucket;
            if (index < 0) {
                return;
            }
            Bucket bucket = this.buckets[index];
            synchronized (bucket) {
                if (node.bucket != index) {
                    continue;
                }
                unlink(bucket, node);
            }
            this.scheduled.decrementAndGet();
            return;
        }
    }

    /**
     * @return how many nodes are scheduled
     */
    int size() {
        return this.scheduled.get();
    }

    /**
     * Stops the wheel thread; scheduled nodes never expire.
     */
    public void stop() {
        this.running = false;
        LockSupport.unpark(this.thread);
        try {
            this.thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<N> expired = new ArrayList<>();
        long lastBusyTick = 0;
        while (this.running) {
            long nextTick = this.lastTick + 1;
            if (this.scheduled.get() > 0) {
                lastBusyTick = nextTick;
            }
            long wait = this.startNanos + nextTick * this.tickNanos - System.nanoTime();
            if (wait > 0) {
                if (nextTick - lastBusyTick > IDLE_AFTER_TICKS) {
                    sleepWhileEmpty();
                }
                else {
                    // while timeouts come and go, the thread turns with the ticks and schedule() never wakes it
                    LockSupport.parkNanos(this, wait);
                }
                continue;
            }
            expire(nextTick, expired);
            for (N node : expired) {
                try {
                    this.onExpiry.accept(node);
                }
                catch (RuntimeException | Error ex) {
                    // an expiry that fails, even with an Error such as an OutOfMemoryError, must not stop the others
                    this.failures.warn("acomm timeout handling failed on {}; the timeouts go on: {}",
                            this.thread.getName(), ex.toString());
                }
            }
            expired.clear();
        }
    }

    /**
     * Sleeps until something is scheduled (or a while has passed). The flag is raised before the wheel is checked
     * for emptiness, and schedule() counts before it looks at the flag, so one of the two always sees the other.
     */
    private void sleepWhileEmpty() {
        this.idle = true;
        if (this.scheduled.get() == 0 && this.running) {
            LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        }
        this.idle = false;
    }

    @SuppressWarnings("unchecked")
    private void expire(long tick, List<N> expired) {
        Bucket bucket = this.buckets[(int) (tick & this.mask)];
        int count = 0;
        synchronized (bucket) {
            Node node = bucket.head;
            while (node != null) {
                Node next = node.next;
                if (node.deadlineTick <= tick) {
                    unlink(bucket, node);
                    count++;
                    if (STATE.compareAndSet(node, PENDING, EXPIRED)) {
                        expired.add((N) node);
                    }
                }
                node = next;
            }
            this.lastTick = tick;
        }
        if (count > 0) {
            this.scheduled.addAndGet(-count);
        }
    }

    private static void unlink(Bucket bucket, Node node) {
        if (node.previous != null) {
            node.previous.next = node.next;
        }
        else {
            bucket.head = node.next;
        }
        if (node.next != null) {
            node.next.previous = node.previous;
        }
        node.previous = null;
        node.next = null;
        node.bucket = -1;
    }

    private static long ceilDiv(long value, long divisor) {
        return -Math.floorDiv(-value, divisor);
    }
}
