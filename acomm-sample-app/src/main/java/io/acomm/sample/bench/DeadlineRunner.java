package io.acomm.sample.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs round trips one at a time, each within a deadline, until a number of them is done or a time budget is spent.
 * A round trip that fails or misses its deadline counts as failed, with the deadline as its latency, and one that
 * hangs is left to end on its thread while the next one starts: a server that stops answering costs a run its budget,
 * never a hang. Closing the runner waits a bounded time for the round trips left behind.
 */
final class DeadlineRunner implements AutoCloseable {

    private static final Duration LEFT_BEHIND_WAIT = Duration.ofSeconds(5);

    private final ExecutorService callers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "bench-deadline-caller");
        thread.setDaemon(true);
        return thread;
    });
    private final long deadlineNanos;
    private final long budgetNanos;

    DeadlineRunner(Duration deadline, Duration budget) {
        this.deadlineNanos = deadline.toNanos();
        this.budgetNanos = budget.toNanos();
    }

    /** The attempts of a run: their latencies, a failed one counted at the deadline, and how many failed. */
    record Attempts(Latencies latencies, int count, int failed) {
    }

    Attempts run(RoundTrip roundTrip, int count) throws InterruptedException {
        long[] nanos = new long[count];
        int attempts = 0;
        int failed = 0;
        long begin = System.nanoTime();
        while (attempts < count && System.nanoTime() - begin < this.budgetNanos) {
            long start = System.nanoTime();
            Future<?> attempt = this.callers.submit(() -> {
                roundTrip.run(0);
                return null;
            });
            try {
                attempt.get(this.deadlineNanos, TimeUnit.NANOSECONDS);
                nanos[attempts] = System.nanoTime() - start;
            }
            catch (ExecutionException | TimeoutException ex) {
                nanos[attempts] = this.deadlineNanos;
                failed++;
            }
            attempts++;
        }
        return new Attempts(new Latencies(Arrays.copyOf(nanos, attempts), System.nanoTime() - begin), attempts,
                failed);
    }

    @Override
    public void close() {
        this.callers.shutdown();
        try {
            this.callers.awaitTermination(LEFT_BEHIND_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
