package io.acomm.internal.provider;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.acomm.internal.util.WorkerPools;

/**
 * Runs a provider's response deliveries with a concurrency of their own, apart from its tasks: a hook that is
 * slow to ack, or never does, holds up deliveries only, and at most {@code concurrency} of them at once. Deliveries
 * beyond that wait in an unbounded queue, in arrival order: each one is a request that was acked and must be
 * answered.
 * <p>
 * A delivery takes one of {@code concurrency} slots. {@link #deliverNowOrQueue(Runnable)} runs it on the calling
 * thread when a slot is free and no queued delivery waits for one, sparing a hand-off between threads; otherwise it
 * is queued for the pool, whose {@code concurrency} threads each take a slot before delivering.
 */
public final class DeliveryExecutor {

    private final Semaphore slots;
    private final ExecutorService pool;

    /**
     * @param threadPrefix the names of the pool's threads, numbered from 1
     * @param concurrency how many deliveries run at once (positive)
     */
    public DeliveryExecutor(String threadPrefix, int concurrency) {
        this.slots = new Semaphore(concurrency, true);
        this.pool = WorkerPools.newPool(threadPrefix, concurrency);
    }

    /**
     * Runs a delivery on this thread when a slot is free, and otherwise queues it.
     * @param delivery the delivery, which must not throw
     */
    public void deliverNowOrQueue(Runnable delivery) {
        if (WorkerPools.tryAcquireInTurn(this.slots)) {
            try {
                delivery.run();
            }
            finally {
                this.slots.release();
            }
        }
        else {
            queue(delivery);
        }
    }

    /**
     * Queues a delivery for the pool. Once the pool is shut down, the delivery runs on this thread at once, slot or
     * not: it was accepted, so it is made rather than lost, and the provider is stopping.
     * @param delivery the delivery, which must not throw
     */
    public void queue(Runnable delivery) {
        try {
            this.pool.execute(() -> {
                this.slots.acquireUninterruptibly();
                try {
                    delivery.run();
                }
                finally {
                    this.slots.release();
                }
            });
        }
        catch (RejectedExecutionException stopping) {
            delivery.run();
        }
    }

    /**
     * Lets the queued deliveries run and then ends the pool's threads.
     */
    public void shutdown() {
        this.pool.shutdown();
    }

    /**
     * Interrupts the deliveries running and drops the queued ones.
     * @return how many queued deliveries were dropped
     */
    public int shutdownNow() {
        List<Runnable> dropped = this.pool.shutdownNow();
        return dropped.size();
    }

    /**
     * @param nanos how long to wait at most
     * @return whether the pool's threads ended in time
     */
    public boolean awaitTermination(long nanos) {
        try {
            return this.pool.awaitTermination(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
