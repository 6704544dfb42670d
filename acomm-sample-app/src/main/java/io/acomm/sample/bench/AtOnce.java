package io.acomm.sample.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Runs peers that act at the same moment: each on a thread of its own, released together once every one is ready.
 */
final class AtOnce {

    /** Enough for a peer's few calls deep, and small enough for a thousand threads. */
    private static final long STACK_SIZE = 256 * 1024;

    private AtOnce() {
    }

    /**
     * @param peers how many peers
     * @param peer what peer number {@code i} does; answers whether it succeeded
     * @param deadline how long the peers may take, from their release
     * @return how many peers succeeded within the deadline
     * @throws InterruptedException if interrupted while waiting for the peers
     */
    static int run(int peers, IntPredicate peer, Duration deadline) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(peers);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(peers);
        AtomicInteger succeeded = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(peers);
        for (int i = 0; i < peers; i++) {
            int index = i;
            Thread thread = new Thread(null, () -> {
                ready.countDown();
                try {
                    release.await();
                    if (peer.test(index)) {
                        succeeded.incrementAndGet();
                    }
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                finally {
                    done.countDown();
                }
            }, "bench-peer-" + i, STACK_SIZE);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        ready.await();
        release.countDown();
        done.await(deadline.toNanos(), TimeUnit.NANOSECONDS);
        return succeeded.get();
    }
}
