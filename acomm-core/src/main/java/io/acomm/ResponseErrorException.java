package io.acomm;

/**
 * A request was answered with an error response (a timeout included). Thrown by the blocking conveniences such as
 * {@link Tracker#syncRequest}.
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
