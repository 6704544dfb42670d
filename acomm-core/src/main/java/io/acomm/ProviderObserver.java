package io.acomm;

import java.time.Duration;

/**
 * Observes every request a {@link Provider} answers, for metrics and logging. Called once the response has been
 * delivered, or its delivery failed; it must be quick and must not throw. Requests the provider ignores as
 * duplicates are told apart with {@link #duplicateIgnored(Request)}.
 */
@FunctionalInterface
public interface ProviderObserver {

    /**
     * @param request the request
     * @param response its response (an error response for a failed or unknown task)
     * @param known whether the provider serves the request's task
     * @param duration the time from receiving the request to the end of the response's delivery
     */
    void taskCompleted(Request request, Response response, boolean known, Duration duration);

    /**
     * Called for a request that was acked but not run, because a request with its id was accepted before (a
     * sender's retry): the task ran, or runs, once for both. Called on the thread that acks, so it must be quick.
     * @param request the duplicate
     */
    default void duplicateIgnored(Request request) {
    }
}
