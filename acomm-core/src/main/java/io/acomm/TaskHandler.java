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
     *     answered with an error response carrying {@link #errorMessage}
     * @throws Exception if the task fails
     */
    CompletionStage<Response> handle(Request request) throws Exception;

    /**
     * Words the error of the response to a request whose {@link #handle} threw, or whose stage completed
     * exceptionally. The provider logs the failure itself; when this method throws, or returns {@code null} or an
     * empty text, the response carries {@link Response#messageOf the failure's message} and the provider's log line
     * says what went wrong here too.
     * @param request the request
     * @param failure what {@code handle} threw or its stage completed with (unwrapped from a
     *     {@code CompletionException})
     * @return the response's error, not empty; by default the failure's message, or its class name when it has none
     */
    default String errorMessage(Request request, Throwable failure) {
        return Response.messageOf(failure);
    }

    /**
     * @return the handler that answers every request with the error {@code unknown task: <task>}: what a provider
     *     answers for a task without a handler, unless {@link ProviderBuilder#fallbackHandler} gives another
     */
    static TaskHandler unknownTask() {
        return request -> CompletableFuture.completedFuture(Response.failure(request, "unknown task: "
                + request.task()));
    }
}
