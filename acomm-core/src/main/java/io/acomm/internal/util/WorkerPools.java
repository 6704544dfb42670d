package io.acomm.internal.util;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker pools of acomm's endpoints: fixed-size pools of named daemon threads that go away when idle, and the
 * rule that accepted work is never lost to a pool that is shutting down.
 */
public final class WorkerPools {

    private WorkerPools() {
    }

    /**
     * @param threadPrefix the thread names' prefix, numbered from 1 ({@code acomm-tracker-handler-1}, …)
     * @param threads how many threads run at once
     * @return a pool whose threads end after 30 idle seconds
     */
    public static ExecutorService newPool(String threadPrefix, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads(threadPrefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * @param threadPrefix the thread names' prefix, numbered from 1
     * @return a pool with a thread for each piece of work running at once, for work that waits on a peer actively
     *     reading (a stream being written); idle threads end after 30 seconds
     */
    public static ExecutorService newElasticPool(String threadPrefix) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonThreads(threadPrefix));
    }

    private static ThreadFactory daemonThreads(String threadPrefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, threadPrefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Takes a permit if one is free and nobody queues for one: unlike {@link Semaphore#tryAcquire()}, it respects
     * the threads that wait in a fair semaphore's queue, so that work run at once never overtakes queued work.
     * @param permits a fair semaphore
     * @return whether a permit was taken
     */
    public static boolean tryAcquireInTurn(Semaphore permits) {
        try {
            return permits.tryAcquire(0, TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs work on an executor, or on the calling thread when the executor is shutting down: work that was accepted
     * (acked, or due as a timeout) is finished rather than lost.
     */
    public static void execute(Executor executor, Runnable work) {
        try {
            executor.execute(work);
        }
        catch (RejectedExecutionException stopping) {
            work.run();
        }
    }
}
