package io.acomm.spring.boot;

import java.net.URI;
import java.time.Duration;

import io.acomm.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link Tracker} with the application context and stops it on shutdown, draining tracked requests up to
 * {@code acomm.tracker.shutdown-timeout} before the rest are answered with an error. It starts after the web server
 * and stops before it, so that responses arriving over HTTP can still be taken while draining. The streams it opens
 * are served by the application's {@link io.acomm.UnixStreams}, which stop after it ({@link UnixStreamsLifecycle}).
 */
public class TrackerLifecycle implements SmartLifecycle {

    /** The phase: after the web server's start, before its graceful shutdown. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger logger = LoggerFactory.getLogger(TrackerLifecycle.class);

    private final Tracker tracker;
    private final Duration shutdownTimeout;

    /**
     * @param tracker the tracker whose listener this lifecycle starts and stops
     * @param shutdownTimeout how long a stop drains tracked requests
     */
    public TrackerLifecycle(Tracker tracker, Duration shutdownTimeout) {
        this.tracker = tracker;
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public void start() {
        this.tracker.startListener();
        URI responses = this.tracker.externalProxyUrl();
        URI streams = this.tracker.httpStreamUrl();
        if (responses == null && streams == null) {
            logger.info("acomm tracker listening on {}", this.tracker.url());
        }
        else {
            logger.info("acomm tracker listening on {}, HTTP responses intake {}, HTTP stream endpoint {}",
                    this.tracker.url(), responses, streams);
        }
    }

    @Override
    public void stop() {
        // requests left over are answered with an error, and the tracker logs how many
        this.tracker.stopListener(this.shutdownTimeout);
    }

    @Override
    public boolean isRunning() {
        return this.tracker.isListening();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
