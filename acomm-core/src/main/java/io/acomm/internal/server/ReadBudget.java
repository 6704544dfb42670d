package io.acomm.internal.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes a listener may hold in frames being read and decoded at once: a frame takes its payload's size before
 * its buffer is allocated and gives it back once decoded, so that peers sending large frames together cannot
 * exhaust the heap. A frame that does not fit waits, unread in the kernel's socket buffer, until another gives its
 * bytes back. The budget always fits one frame of the maximum size. Thread-safe.
 */
public final class ReadBudget {

    private final AtomicLong available;
    private final Runnable onRelease;

    /**
     * @param capacity the bytes in all
     * @param onRelease told whenever bytes are given back, for frames waiting for them
     */
    ReadBudget(long capacity, Runnable onRelease) {
        this.available = new AtomicLong(capacity);
        this.onRelease = onRelease;
    }

    /**
     * @param bytes the bytes wanted (at most the capacity)
     * @return whether they were taken
     */
    boolean tryAcquire(long bytes) {
        long current;
        do {
            current = this.available.get();
            if (current < bytes) {
                return false;
            }
        }
        while (!this.available.compareAndSet(current, current - bytes));
        return true;
    }

    void release(long bytes) {
        if (bytes > 0) {
            this.available.addAndGet(bytes);
            this.onRelease.run();
        }
    }
}
