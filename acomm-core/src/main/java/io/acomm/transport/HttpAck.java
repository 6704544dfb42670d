package io.acomm.transport;

import java.net.URI;

import io.acomm.AcommException;
import io.acomm.AcommJson;
import io.acomm.SendException;
import org.jspecify.annotations.Nullable;

/**
 * The protocol's rule for the answer to an HTTP delivery: accepted when the status is 2xx and the body is empty or an
 * ack without error. Shared by every HTTP transport.
 */
public final class HttpAck {

    private HttpAck() {
    }

    /**
     * @param json decodes the ack
     * @param destination the URL posted to
     * @param status the HTTP status
     * @param body the response body, possibly empty or {@code null}
     * @throws SendException naming the destination and status when the message was not accepted
     */
    public static void check(AcommJson json, URI destination, int status, byte @Nullable [] body) {
        String ackError = null;
        if (body != null && body.length > 0) {
            try {
                ackError = json.decodeResponse(body).error();
            }
            catch (AcommException ex) {
                if (status / 100 == 2) {
                    throw new SendException(destination, "HTTP " + status + " with an invalid ack: " + ex.getMessage(),
                            ex);
                }
            }
        }
        if (status / 100 != 2) {
            throw new SendException(destination, "HTTP " + status + (ackError != null ? ": " + ackError : ""));
        }
        if (ackError != null) {
            throw new SendException(destination, "refused: " + ackError);
        }
    }
}
