package io.acomm;

import java.time.Duration;

/**
 * Observes every response a {@link Tracker} handles — real ones, timeouts, and the answers given on stop — for
 * metrics and logging. Called on the handling thread after the callback ran or the response was forwarded; it must
 * be quick and must not throw.
 */
@FunctionalInterface
public interface TrackerObserver {

    /** How a tracked request ended. */
    enum Outcome {
        /** A response without error. */
        SUCCESS,
        /** An error response, or the tracker stopped before a response came. */
        ERROR,
        /** No response came in time. */
        TIMEOUT
    }

    /**
     * @param request the request that was answered (for a proxied request, the original)
     * @param response the response handled
     * @param outcome how the request ended
     * @param latency the time from tracking to handling
     */
    void responseHandled(Request request, Response response, Outcome outcome, Duration latency);

    /**
     * Observes the response to a request the tracker proxied for a peer ({@link Tracker#proxyUnix},
     * {@link Tracker#proxyExternal}), whose task name the peer chose. By default the same as
     * {@link #responseHandled}; an observer that tags by task name can tell these apart.
     * @param request the original request
     * @param response the response handled
     * @param outcome how the request ended
     * @param latency the time from tracking to handling
     */
    default void proxiedResponseHandled(Request request, Response response, Outcome outcome, Duration latency) {
        responseHandled(request, response, outcome, latency);
    }
}
