package io.acomm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.acomm.testing.StubProvider;
import io.acomm.testing.spring.AutoConfigureAcommTest;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The configuration every end-to-end test of the sample shares, so that they all run against one application
 * context: the real application on a random port, with its provider and tracker sockets in the context's own
 * socket directory, and a stub provider beside them for the calls to other providers ({@code ?dest=}), as
 * {@link AutoConfigureAcommTest} gives them. {@link OutgoingHttp} only records what the application's
 * {@code RestTemplate}s send.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
@AutoConfigureAcommTest(stubProvider = true)
@Import(OutgoingHttp.class)
abstract class SampleAppTestSupport {

    /** The directory of the application's sockets and its streams. */
    @Value("${" + AutoConfigureAcommTest.SOCKET_DIR_PROPERTY + "}")
    Path sockets;

    /** The socket of the application's own provider (its {@code @AcommTask}s). */
    @Value("${acomm.provider.socket-path}")
    Path providerSocket;

    /** Another provider, which the application calls with {@code ?dest=}; reset after each test. */
    @Autowired
    StubProvider stub;

    @Autowired
    TestRestTemplate rest;

    @Autowired
    JsonMapper jsonMapper;

    @LocalServerPort
    int port;

    /**
     * Posts args JSON (or nothing, when {@code null}) to a path of the application.
     */
    ResponseEntity<String> post(String path, String argsJson) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return this.rest.postForEntity(path, new HttpEntity<>(argsJson, headers), String.class);
    }

    /**
     * Parses a JSON body, failing the test with the body if it is none.
     */
    JsonNode json(ResponseEntity<String> response) {
        assertThat(response.getBody()).as("body of %s", response.getStatusCode()).isNotNull();
        try {
            return this.jsonMapper.readTree(response.getBody());
        }
        catch (JacksonException ex) {
            throw new AssertionError("not JSON: " + response.getBody(), ex);
        }
    }

    /**
     * Asserts the status and parses the JSON body.
     */
    JsonNode json(ResponseEntity<String> response, HttpStatus expected) {
        assertThat(response.getStatusCode()).as("status; body: %s", response.getBody()).isEqualTo(expected);
        assertThat(response.getHeaders().getContentType()).isNotNull()
                .matches(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON), "is JSON");
        return json(response);
    }

    /**
     * Sends a task asynchronously ({@code POST /api/async/{task}}) and returns its id.
     */
    String sendAsync(String task, String argsJson) {
        JsonNode accepted = json(post("/api/async/" + task, argsJson), HttpStatus.ACCEPTED);
        assertThat(accepted.path("id").asString()).isNotBlank();
        return accepted.get("id").asString();
    }

    /**
     * Polls {@code GET /api/async/{id}} until its status is no longer pending.
     */
    JsonNode awaitOutcome(String id) {
        JsonNode[] outcome = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    outcome[0] = json(this.rest.getForEntity("/api/async/{id}", String.class, id), HttpStatus.OK);
                    return !"pending".equals(outcome[0].path("status").asString());
                });
        return outcome[0];
    }
}
