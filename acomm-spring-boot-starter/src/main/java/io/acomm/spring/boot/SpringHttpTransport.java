package io.acomm.spring.boot;

import java.net.URI;
import java.util.List;

import io.acomm.AcommJson;
import io.acomm.SendException;
import io.acomm.Transport;
import io.acomm.transport.HttpAck;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * The base of the {@code http(s)://} transports on Spring's HTTP clients: a subclass POSTs the JSON with the
 * {@linkplain #jsonHeaders headers} of the protocol and returns the status and body of the answer; this class applies
 * the protocol's ack rule ({@link HttpAck}) and turns every failure into a {@link SendException} naming the URL.
 */
public abstract class SpringHttpTransport implements Transport {

    private final AcommJson json;

    /**
     * @param json decodes the acks
     */
    protected SpringHttpTransport(AcommJson json) {
        this.json = json;
    }

    @Override
    public final void send(URI destination, byte[] message) {
        Answer answer;
        try {
            answer = post(destination, message);
        }
        catch (RestClientResponseException ex) {
            answer = new Answer(ex.getStatusCode().value(), ex.getResponseBodyAsByteArray());
        }
        catch (RestClientException ex) {
            throw new SendException(destination, ex.getMessage(), ex);
        }
        HttpAck.check(this.json, destination, answer.status(), answer.body());
    }

    /**
     * POSTs a message. An answer with an error status may be returned or thrown as a
     * {@link RestClientResponseException}.
     * @param destination the URL to post to
     * @param message the wire JSON
     * @return the status and body of the answer
     * @throws RestClientException if the message cannot be posted or the answer cannot be read
     */
    protected abstract Answer post(URI destination, byte[] message);

    /**
     * Sets the headers of an acomm POST: a JSON body, and a JSON ack or any other answer accepted.
     * @param headers the request's headers
     */
    protected static void jsonHeaders(HttpHeaders headers) {
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.ALL));
    }

    /**
     * The answer to a POST.
     * @param status the HTTP status code
     * @param body the body, possibly empty or {@code null}
     */
    protected record Answer(int status, byte @Nullable [] body) {
    }
}
