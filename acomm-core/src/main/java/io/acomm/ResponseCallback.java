package io.acomm;

/**
 * A per-request callback that runs when the {@link Tracker} handles the response to a request it tracks.
 * <p>
 * Callbacks belong to the process that made the request; they are never serialised.
 */
@FunctionalInterface
public interface ResponseCallback {

    /**
     * Handles the response to a request.
     * @param request the request that was answered
     * @param response its response (a success or an error)
     */
    void handle(Request request, Response response);
}
