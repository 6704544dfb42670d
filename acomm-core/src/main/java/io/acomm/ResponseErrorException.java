package io.acomm;

/**
 * A request was answered with an error response, and the exception carries its error text as its message. Thrown by
 * the calls of {@link AcommOperations} that return a result, such as {@link AcommOperations#syncRequest}, or the
 * failure of the futures of {@link AcommOperations#request}. A request its tracker timed out ends with the subclass
 * {@link ResponseTimeoutException}.
 */
public class ResponseErrorException extends AcommException {

    private static final long serialVersionUID = 1L;

    private final transient Response response;

    /**
     * @param response the error response
     */
    public ResponseErrorException(Response response) {
        super(response.error());
        this.response = response;
    }

    /**
     * @return the error response
     */
    public Response response() {
        return this.response;
    }
}
