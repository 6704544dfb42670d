package io.acomm.spring.boot;

import java.net.URI;
import java.util.List;

import io.acomm.AcommJson;
import io.acomm.HttpAck;
import io.acomm.SendException;
import io.acomm.Transport;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.RestTemplate;

/**
 * The {@code http(s)://} transport on a {@link RestTemplate}, so that the interceptors, timeouts and TLS settings of
 * the application's {@code RestTemplateBuilder} apply to acomm deliveries. Errors name the URL.
 */
public class RestTemplateTransport implements Transport {

    private final RestTemplate restTemplate;
    private final AcommJson json;

    /**
     * @param restTemplate posts the messages
     * @param json decodes the acks
     */
    public RestTemplateTransport(RestTemplate restTemplate, AcommJson json) {
        this.restTemplate = restTemplate;
        this.json = json;
    }

    @Override
    public void send(URI destination, byte[] message) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.ALL));
        ResponseEntity<byte[]> response;
        try {
            response = this.restTemplate.exchange(destination, HttpMethod.POST, new HttpEntity<>(message, headers),
                    byte[].class);
        }
        catch (RestClientResponseException ex) {
            HttpAck.check(this.json, destination, ex.getStatusCode().value(), ex.getResponseBodyAsByteArray());
            throw new SendException(destination, "HTTP " + ex.getStatusCode().value(), ex);
        }
        catch (RestClientException ex) {
            throw new SendException(destination, ex.getMessage(), ex);
        }
        HttpAck.check(this.json, destination, response.getStatusCode().value(), response.getBody());
    }
}
