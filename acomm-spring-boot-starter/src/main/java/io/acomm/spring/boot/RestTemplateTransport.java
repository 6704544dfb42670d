package io.acomm.spring.boot;

import java.net.URI;

import io.acomm.AcommJson;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestTemplate;

/**
 * The {@code http(s)://} transport on a {@link RestTemplate}, so that the interceptors, timeouts and TLS settings of
 * the application's {@code RestTemplateBuilder} apply to acomm deliveries. Errors name the URL.
 */
public class RestTemplateTransport extends SpringHttpTransport {

    private final RestTemplate restTemplate;

    /**
     * @param restTemplate posts the messages
     * @param json decodes the acks
     */
    public RestTemplateTransport(RestTemplate restTemplate, AcommJson json) {
        super(json);
        this.restTemplate = restTemplate;
    }

    @Override
    protected Answer post(URI destination, byte[] message) {
        HttpHeaders headers = new HttpHeaders();
        jsonHeaders(headers);
        ResponseEntity<byte[]> response = this.restTemplate.exchange(destination, HttpMethod.POST,
                new HttpEntity<>(message, headers), byte[].class);
        return new Answer(response.getStatusCode().value(), response.getBody());
    }
}
