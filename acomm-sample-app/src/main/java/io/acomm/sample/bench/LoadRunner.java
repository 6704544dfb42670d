package io.acomm.sample.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs round trips with a fixed number in flight: one thread per in-flight request, each running its share one
 * after the other, and records each round trip's latency.
 */
final class LoadRunner {

    private LoadRunner() {
    }

    static Latencies run(RoundTrip roundTrip, int count, int inFlight) throws Exception {
        Latencies latencies = new Latencies(count);
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < inFlight; t++) {
            int first = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = first; i < count; i += inFlight) {
                        long begin = System.nanoTime();
                        roundTrip.run(first);
                        latencies.record(i, System.nanoTime() - begin);
                    }
                }
                catch (Exception ex) {
                    failure.compareAndSet(null, ex);
                }
            }, "bench-caller-" + t);
            threads.add(thread);
            thread.start();
        }
        long begin = System.nanoTime();
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        latencies.elapsed(System.nanoTime() - begin);
        if (failure.get() != null) {
            throw new IllegalStateException("round trip failed: " + failure.get().getMessage(), failure.get());
        }
        return latencies;
    }
}
