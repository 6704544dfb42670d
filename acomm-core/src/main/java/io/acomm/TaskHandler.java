package io.acomm;

import java.util.concurrent.CompletionStage;

/**
 * Runs one task for a {@link Provider}: turns a request into its response, now or later.
 */
@FunctionalInterface
public interface TaskHandler {

    /**
     * @param request the request, already acked
     * @return the response, when it is ready; a handler that throws, or a stage that completes exceptionally, is
     *     answered with an error response carrying the exception's message
     * @throws Exception if the task fails
     */
    CompletionStage<Response> handle(Request request) throws Exception;
}
