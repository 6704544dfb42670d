package io.acomm.spring.boot;

import io.acomm.UnixStreams;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the application's {@link UnixStreams} with the context, before the provider and the tracker that open
 * streams on them, and stops them after both: a task that returns a stream while the application shuts down still
 * serves it, whether or not the tracker is still running.
 */
public class UnixStreamsLifecycle implements SmartLifecycle {

    /** The phase: just before the provider's, so it starts first and stops last. */
    public static final int PHASE = ProviderLifecycle.PHASE - 1;

    private final UnixStreams streams;

    /**
     * @param streams the unix streams this lifecycle starts and stops
     */
    public UnixStreamsLifecycle(UnixStreams streams) {
        this.streams = streams;
    }

    @Override
    public void start() {
        this.streams.start();
    }

    @Override
    public void stop() {
        this.streams.close();
    }

    @Override
    public boolean isRunning() {
        return this.streams.isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
