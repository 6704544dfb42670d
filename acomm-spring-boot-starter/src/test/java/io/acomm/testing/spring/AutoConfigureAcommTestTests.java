package io.acomm.testing.spring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import io.acomm.Provider;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Tracker;
import io.acomm.spring.boot.ProviderLifecycle;
import io.acomm.testing.AcommTestUtils;
import io.acomm.testing.StubProvider;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application with the starter, tested with {@link AutoConfigureAcommTest}: its sockets are in the
 * context's directory, it calls the stub provider bean, and the stub starts each test afresh.
 */
@SpringBootTest
@AutoConfigureAcommTest(stubProvider = true)
class AutoConfigureAcommTestTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Autowired
    Tracker tracker;

    @Autowired
    ProviderLifecycle providerLifecycle;

    @Autowired
    StubProvider stub;

    @Value("${" + AutoConfigureAcommTest.SOCKET_DIR_PROPERTY + "}")
    Path socketDir;

    @Value("${" + AutoConfigureAcommTest.STUB_PROVIDER_URL_PROPERTY + "}")
    URI stubUrl;

    @Test
    void theSocketsAreInTheContextsDirectory() {
        assertThat(this.tracker.addr()).isEqualTo(this.socketDir.resolve("tracker.sock").toAbsolutePath());
        Provider provider = this.providerLifecycle.provider();
        assertThat(provider).isNotNull();
        assertThat(provider.socketPaths()).containsExactly(this.socketDir.resolve("provider.sock").toAbsolutePath());
        assertThat(this.stub.url()).isEqualTo(this.stubUrl);
        assertThat(this.stub.socketPath().getParent()).isEqualTo(this.socketDir.toAbsolutePath());
    }

    @Test
    void theApplicationCallsTheStub() {
        assertThat(this.stub.requests()).as("reset after the other tests").isEmpty();
        this.stub.onTask("weather").respond("sunny");

        Response response = AcommTestUtils.awaitResponse(this.tracker.send(this.stubUrl,
                Request.builder().task("weather").args("Oslo").build()), WAIT);

        assertThat(response.result(String.class)).isEqualTo("sunny");
        assertThat(this.stub.awaitRequest("weather", WAIT).args(String.class)).isEqualTo("Oslo");
    }

    @Test
    void aRequestSentWithoutCallbacksIsAnsweredToo() {
        assertThat(this.stub.requests()).as("reset after the other tests").isEmpty();
        this.stub.onTask("audit").respond(null);

        this.tracker.trackAndSend(this.stubUrl, Request.builder().task("audit").build(), WAIT);

        assertThat(this.stub.awaitRequests("audit", 1, WAIT)).hasSize(1);
        AcommTestUtils.awaitNoRequests(this.tracker, WAIT);
    }

    @Test
    void theApplicationsProviderServesItsTasks() {
        Provider provider = this.providerLifecycle.provider();
        assertThat(provider).isNotNull();

        Response response = AcommTestUtils.awaitResponse(this.tracker.send(provider.url(),
                Request.builder().task("greet").args("test").build()), WAIT);

        assertThat(response.result(String.class)).isEqualTo("hello test");
    }
}
