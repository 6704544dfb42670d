package io.acomm.internal.provider;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;


/**
 * The ids of the requests a provider accepted lately, so that a request sent again (a sender's retry) is
 * acked without running its task twice. The window is bounded in size and in time: an id is forgotten once
 * {@code maxIds} newer ones were recorded, or once it is older than the window's duration, whichever comes first;
 * the oldest go first. Thread-safe; each call costs O(1) (amortized: expired ids are dropped by the calls that
 * follow them).
 * <p>
 * An id is recorded when its request is received, before the ack; each receipt is an attempt, which ends either in
 * {@link #acked(Entry)}, once its ack was written, or in {@link #ackFailed(Entry)}. The first attempt whose ack was
 * written runs the request; every other one is a duplicate. An attempt received while an earlier one still waits
 * for its ack joins it rather than being ignored: if the earlier ack then fails, the later attempt runs. When every
 * attempt of an id failed its ack, the id is forgotten, so that the next retry runs.
 */
public final class RecentRequestIds {

    private final int maxIds;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries;

    /**
     * @param maxIds how many ids are remembered at most; 0 remembers none
     * @param window how long an id is remembered; zero remembers none
     * @param nanoTime the clock, {@link System#nanoTime()} but in tests
     */
    public RecentRequestIds(int maxIds, Duration window, LongSupplier nanoTime) {
        if (maxIds < 0) {
            throw new IllegalArgumentException("maxIds must not be negative: " + maxIds);
        }
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative: " + window);
        }
        this.maxIds = window.isZero() ? 0 : maxIds;
        this.windowNanos = saturatedNanos(window);
        this.nanoTime = nanoTime;
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > RecentRequestIds.this.maxIds;
            }
        };
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        }
        catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Records an attempt of a request id.
     * @param id the request's id
     * @return the attempt, to end with {@link #acked(Entry)} or {@link #ackFailed(Entry)}; or {@code null} when the
     *     id ran already within the window: a duplicate, to ack and ignore
     */
    public @Nullable Entry receive(String id) {
        if (this.maxIds == 0) {
            Entry unrecorded = new Entry(id);
            unrecorded.unacked = 1;
            return unrecorded;
        }
        synchronized (this.entries) {
            long now = this.nanoTime.getAsLong();
            forgetExpired(now);
            Entry entry = this.entries.get(id);
            if (entry == null) {
                entry = new Entry(id);
                entry.recordedAt = now;
                this.entries.put(id, entry);
            }
            else if (entry.claimed) {
                return null;
            }
            entry.unacked++;
            return entry;
        }
    }

    private void forgetExpired(long now) {
        Iterator<Entry> oldestFirst = this.entries.values().iterator();
        while (oldestFirst.hasNext() && now - oldestFirst.next().recordedAt >= this.windowNanos) {
            oldestFirst.remove();
        }
    }

    /**
     * Ends an attempt whose ack was written.
     * @param entry the attempt
     * @return whether it runs the request: whether it is the id's first attempt to be acked
     */
    public boolean acked(Entry entry) {
        synchronized (this.entries) {
            entry.unacked--;
            if (entry.claimed) {
                return false;
            }
            entry.claimed = true;
            return true;
        }
    }

    /**
     * Ends an attempt whose ack could not be written: its sender may send the request again. Unless another attempt
     * of the id ran or still waits for its ack, the id is forgotten, so that the next one runs.
     * @param entry the attempt
     */
    public void ackFailed(Entry entry) {
        synchronized (this.entries) {
            entry.unacked--;
            if (!entry.claimed && entry.unacked == 0) {
                this.entries.remove(entry.id, entry);
            }
        }
    }

    /**
     * @return how many ids are remembered now (expired ones included until the next {@link #receive(String)})
     */
    int size() {
        synchronized (this.entries) {
            return this.entries.size();
        }
    }

    /**
     * An id in the window: when it was first received, how many of its attempts wait for their ack, and whether one
     * of them ran. Guarded by the window's lock.
     */
    public static final class Entry {

        private final String id;
        private long recordedAt;
        private int unacked;
        private boolean claimed;

        private Entry(String id) {
            this.id = id;
        }
    }
}
