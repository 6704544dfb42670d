package io.acomm;

import java.time.Duration;

/**
 * Observes every request a {@link Provider} answers, for metrics and logging. Called once the response has been
 * delivered, or its delivery failed; it must be quick and must not throw.
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
}
