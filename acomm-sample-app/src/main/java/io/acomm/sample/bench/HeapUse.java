package io.acomm.sample.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The heap in use: once garbage is collected, and at its peak while a phase runs.
 */
final class HeapUse {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private HeapUse() {
    }

    /**
     * @return the bytes in use after a few collections, each given a moment to finish
     */
    static long afterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        return used();
    }

    private static long used() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /**
     * @return a sampler of the heap in use, every millisecond until it is closed
     */
    static Peak samplePeak() {
        return new Peak();
    }

    /**
     * The largest heap in use seen by a sampling thread, garbage not yet collected included.
     */
    static final class Peak implements AutoCloseable {

        private final AtomicLong peak = new AtomicLong(used());
        private final Thread sampler;
        private volatile boolean sampling = true;

        private Peak() {
            this.sampler = new Thread(() -> {
                while (this.sampling) {
                    this.peak.accumulateAndGet(used(), Math::max);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }, "bench-heap-sampler");
            this.sampler.setDaemon(true);
            this.sampler.start();
        }

        long bytes() {
            return this.peak.get();
        }

        @Override
        public void close() {
            this.sampling = false;
            try {
                this.sampler.join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
