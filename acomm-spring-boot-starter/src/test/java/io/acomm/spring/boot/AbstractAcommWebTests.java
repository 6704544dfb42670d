package io.acomm.spring.boot;

import java.nio.file.Path;

import io.acomm.AcommJson;
import io.acomm.Tracker;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.acomm.test.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one {@code @SpringBootTest} application on a random port that the web, proxy and actuator tests share (they
 * declare nothing else, so Spring's test context cache starts it once). {@link AcommHttpIntakeHostileTests} adds a
 * small {@code acomm.http.max-body-size}, and so gets a second application of its own.
 */
@SpringBootTest(classes = AcommTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "server.address=127.0.0.1", "management.endpoint.health.show-details=always",
                "acomm.tracker.shutdown-timeout=1s", "acomm.observation.enabled=true" })
@AutoConfigureTestRestTemplate
abstract class AbstractAcommWebTests {

    private static final Path SOCKET_DIR = TestSupport.newSocketDir();

    @LocalServerPort
    int port;

    @Autowired
    Tracker tracker;

    @Autowired
    AcommJson json;

    @Autowired
    TestRestTemplate rest;

    @DynamicPropertySource
    static void acommProperties(DynamicPropertyRegistry registry) {
        registry.add("acomm.tracker.socket-dir", SOCKET_DIR::toString);
    }

    static Path socketDir() {
        return SOCKET_DIR;
    }

    /**
     * Every test leaves the shared tracker with nothing tracked, so that the next one starts clean.
     */
    @AfterEach
    void trackerIsEmpty() {
        await().untilAsserted(() -> assertThat(this.tracker.numRequests()).isZero());
    }
}
