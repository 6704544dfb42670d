package io.acomm.sample;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;

/**
 * Records every request made by a {@code RestTemplate} built from the application's {@code RestTemplateBuilder}, and
 * lets it through unchanged: shows which HTTP deliveries of acomm go through Spring's client.
 */
@TestConfiguration(proxyBeanMethods = false)
class OutgoingHttp {

    /** One request sent. */
    record Sent(HttpMethod method, URI uri, String body) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Bean
    RestTemplateCustomizer recordingRestTemplateCustomizer() {
        return restTemplate -> restTemplate.getInterceptors().add((request, body, execution) -> {
            this.sent.add(new Sent(request.getMethod(), request.getURI(), new String(body, StandardCharsets.UTF_8)));
            return execution.execute(request, body);
        });
    }

    /**
     * @return the requests sent so far, in order
     */
    List<Sent> sent() {
        return List.copyOf(this.sent);
    }
}
