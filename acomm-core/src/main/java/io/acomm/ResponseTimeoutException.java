package io.acomm;

/**
 * No response to a request came in time: its {@link Tracker} timed it out and answered it itself with
 * {@value Tracker#TIMEOUT_ERROR} ({@link Response#isTimeout()}). Whether the task ran is unknown; a response that
 * comes later is refused.
 * <p>
 * It extends {@link ResponseErrorException}, so code that catches that exception takes timeouts as before. It is
 * told from an error response by how the request ended, never by the error's text: an error response a provider
 * sends is a plain {@link ResponseErrorException} whatever it says. A request still waiting when its tracker stops is
 * not a timeout either: it ends with a plain {@link ResponseErrorException} carrying {@value Tracker#STOPPED_ERROR},
 * since it happens only while the application shuts down, when nothing can be retried through that tracker.
 */
public class ResponseTimeoutException extends ResponseErrorException {

    private static final long serialVersionUID = 1L;

    /**
     * @param response the error response the tracker gave the request that timed out
     */
    public ResponseTimeoutException(Response response) {
        super(response);
    }
}
