package io.acomm.spring.boot;

import java.net.URI;

import io.acomm.AcommJson;

import org.springframework.web.client.RestClient;

/**
 * The {@code http(s)://} transport on a {@link RestClient}, so that the interceptors, timeouts and TLS settings of
 * the application's {@code RestClient.Builder} apply to acomm deliveries. The protocol's ack rule decides on the
 * answer, not the client's status handlers. Errors name the URL.
 */
public class RestClientTransport extends SpringHttpTransport {

    private final RestClient restClient;

    /**
     * @param restClient posts the messages
     * @param json decodes the acks
     */
    public RestClientTransport(RestClient restClient, AcommJson json) {
        super(json);
        this.restClient = restClient;
    }

    @Override
    protected Answer post(URI destination, byte[] message) {
        return this.restClient.post().uri(destination).headers(SpringHttpTransport::jsonHeaders).body(message)
                .exchangeForRequiredValue((request, response) -> new Answer(response.getStatusCode().value(),
                        response.getBody().readAllBytes()));
    }
}
