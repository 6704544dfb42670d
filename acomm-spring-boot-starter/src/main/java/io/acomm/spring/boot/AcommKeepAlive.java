package io.acomm.spring.boot;

import java.util.concurrent.CountDownLatch;

import io.acomm.Tracker;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the JVM running while the tracker or the provider listens, as the threads of Spring's message listener
 * containers do: a non-daemon thread, {@code acomm-keep-alive}, that waits until the context stops. Without it an
 * application without a web server would exit once its main method returns, since acomm's listener threads are
 * daemons. It starts after the tracker and the provider and stops first; closing the context (as the shutdown hook
 * does on {@code SIGTERM}) ends it.
 */
public class AcommKeepAlive implements SmartLifecycle {

    /** The phase: just after the tracker's, so it starts last and stops first. */
    public static final int PHASE = TrackerLifecycle.PHASE + 1;

    /** The name of the thread that keeps the JVM running. */
    public static final String THREAD_NAME = "acomm-keep-alive";

    private final ObjectProvider<Tracker> tracker;
    private final ObjectProvider<ProviderLifecycle> provider;
    private final Object monitor = new Object();
    private @Nullable CountDownLatch stopped;
    private @Nullable Thread thread;

    /**
     * @param tracker the tracker, if there is one
     * @param provider the provider's lifecycle, if there is one
     */
    public AcommKeepAlive(ObjectProvider<Tracker> tracker, ObjectProvider<ProviderLifecycle> provider) {
        this.tracker = tracker;
        this.provider = provider;
    }

    /**
     * Starts the keep-alive thread if the tracker or the provider listens.
     */
    @Override
    public void start() {
        synchronized (this.monitor) {
            if (this.thread != null || !listening()) {
                return;
            }
            CountDownLatch latch = new CountDownLatch(1);
            Thread keepAlive = new Thread(() -> awaitStop(latch), THREAD_NAME);
            keepAlive.setDaemon(false);
            keepAlive.start();
            this.stopped = latch;
            this.thread = keepAlive;
        }
    }

    private boolean listening() {
        Tracker running = this.tracker.getIfAvailable();
        ProviderLifecycle lifecycle = this.provider.getIfAvailable();
        return (running != null && running.isListening()) || (lifecycle != null && lifecycle.isRunning());
    }

    private static void awaitStop(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends the keep-alive thread and waits for it.
     */
    @Override
    public void stop() {
        Thread keepAlive;
        synchronized (this.monitor) {
            keepAlive = this.thread;
            if (keepAlive == null) {
                return;
            }
            this.stopped.countDown();
            this.stopped = null;
            this.thread = null;
        }
        try {
            keepAlive.join();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (this.monitor) {
            return this.thread != null;
        }
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
