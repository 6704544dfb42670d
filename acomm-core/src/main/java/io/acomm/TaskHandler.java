package io.acomm;

import java.util.concurrent.CompletableFuture;
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

    /**
     * @return the handler that answers every request with the error {@code unknown task: <task>}: what a provider
     *     answers for a task without a handler, unless {@link ProviderBuilder#fallbackHandler} gives another
     */
    static TaskHandler unknownTask() {
        return request -> CompletableFuture.completedFuture(Response.failure(request, "unknown task: "
                + request.task()));
    }
}
