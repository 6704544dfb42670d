package io.acomm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import tools.jackson.databind.JsonNode;

import io.acomm.spring.boot.ProviderLifecycle;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/**
 * {@code POST /api/async/{task}} and {@code GET /api/async/{id}}: requests sent without waiting, whose responses
 * reach the {@code @ResponseHandler} of {@link AsyncOutcomes} through the running application's tracker socket.
 */
class AsyncApiTests extends SampleAppTestSupport {

    @Autowired
    ProviderLifecycle providerLifecycle;

    @Test
    void sumSucceeds() {
        String id = sendAsync("sum", "{\"numbers\":[1,2,3]}");
        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.get("status").asString()).isEqualTo("success");
        assertThat(outcome.get("task").asString()).isEqualTo("sum");
        assertThat(outcome.get("result")).isEqualTo(this.jsonMapper.createObjectNode().put("sum", 6));
        assertThat(outcome.path("error").isNull() || outcome.path("error").isMissingNode()).isTrue();
    }

    @Test
    void aStreamResultIsReadableOverHttp() {
        JsonNode outcome = awaitOutcome(sendAsync("stream", "{\"text\":\"ab\",\"repeat\":3}"));

        assertThat(outcome.get("status").asString()).isEqualTo("success");
        String stream = outcome.get("stream").asString();
        assertThat(stream).contains("/acomm/stream?addr=unix");
        assertThat(this.rest.getForObject(URI.create(stream), String.class)).isEqualTo("ababab");
    }

    @Test
    void failIsAnError() {
        JsonNode outcome = awaitOutcome(sendAsync("fail", null));
        assertThat(outcome.get("status").asString()).isEqualTo("error");
        assertThat(outcome.get("task").asString()).isEqualTo("fail");
        assertThat(outcome.get("error").asString()).isEqualTo("requested failure");
    }

    @Test
    void unknownTaskIsAnError() {
        JsonNode outcome = awaitOutcome(sendAsync("no-such-task", null));
        assertThat(outcome.get("status").asString()).isEqualTo("error");
        assertThat(outcome.get("task").asString()).isEqualTo("no-such-task");
        assertThat(outcome.get("error").asString()).isEqualTo("unknown task: no-such-task");
    }

    @Test
    void sleepIsPendingUntilItsResponseCame() {
        String id = sendAsync("sleep", "{\"millis\":800}");
        JsonNode pending = json(this.rest.getForEntity("/api/async/{id}", String.class, id), HttpStatus.OK);
        assertThat(pending.get("status").asString()).isEqualTo("pending");
        assertThat(pending.get("task").asString()).isEqualTo("sleep");
        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.get("status").asString()).isEqualTo("success");
        assertThat(outcome.get("result").get("slept").asLong()).isEqualTo(800);
    }

    @Test
    void aTimeoutIsAnErrorAndTheLateResponseDoesNotOverwriteIt() {
        String id = sendAsync("sleep?timeoutMs=500", "{\"millis\":2000}");
        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.get("status").asString()).isEqualTo("error");
        assertThat(outcome.get("error").asString()).isEqualTo("response timeout");
        assertThat(this.providerLifecycle.provider().inFlight()).as("the task still running").isEqualTo(1);
        // once the task's real response has been delivered (and refused), the outcome is still the timeout
        Awaitility.await().until(() -> this.providerLifecycle.provider().inFlight() == 0);
        JsonNode later = json(this.rest.getForEntity("/api/async/{id}", String.class, id), HttpStatus.OK);
        assertThat(later.get("status").asString()).isEqualTo("error");
        assertThat(later.get("error").asString()).isEqualTo("response timeout");
    }

    @Test
    void anotherProvidersAnswerReachesTheResponseHandler() {
        this.stub.onTask("vm.list").respond(List.of("vm-1", "vm-2"));

        JsonNode outcome = awaitOutcome(sendAsync("vm.list?dest=" + this.stub.url(), null));

        assertThat(outcome.get("status").asString()).isEqualTo("success");
        assertThat(outcome.get("task").asString()).isEqualTo("vm.list");
        assertThat(outcome.get("result")).isEqualTo(this.jsonMapper.readTree("[\"vm-1\",\"vm-2\"]"));
        assertThat(this.stub.requests("vm.list")).hasSize(1);
    }

    @Test
    void unknownIdIsNotFound() {
        JsonNode error = json(this.rest.getForEntity("/api/async/not-an-id", String.class), HttpStatus.NOT_FOUND);
        assertThat(error.get("error").asString()).contains("not-an-id");
    }

    @Test
    void malformedArgsAreABadRequest() {
        JsonNode error = json(post("/api/async/sum", "[1,"), HttpStatus.BAD_REQUEST);
        assertThat(error.get("error").asString()).startsWith("malformed args");
    }

    @Test
    void aFailedSendIsABadGateway() {
        String dest = "unix://" + this.sockets.resolve("nobody-listens.sock").toAbsolutePath();
        JsonNode error = json(post("/api/async/sum?dest=" + dest, "{\"numbers\":[1]}"), HttpStatus.BAD_GATEWAY);
        assertThat(error.get("error").asString()).contains("nobody-listens.sock");
    }

    @Test
    void anExplicitDestinationIsUsed() {
        String dest = "unix://" + this.providerSocket.toAbsolutePath();
        JsonNode outcome = awaitOutcome(sendAsync("sum?dest=" + dest, "{\"numbers\":[5,5]}"));
        assertThat(outcome.get("status").asString()).isEqualTo("success");
        assertThat(outcome.get("result").get("sum").asLong()).isEqualTo(10);
    }
}
