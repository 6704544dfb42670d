package io.acomm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.acomm.Request;
import io.acomm.Tracker;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * {@code POST /api/tasks/{task}}: every task through the tracker and the provider socket of the running
 * application, with its error, timeout and bad input answers.
 */
class TaskApiTests extends SampleAppTestSupport {

    @Autowired
    Tracker tracker;

    @Test
    void sumAnswersWithTheSum() {
        JsonNode result = json(post("/api/tasks/sum", "{\"numbers\":[1,2,3]}"), HttpStatus.OK);
        assertThat(result).isEqualTo(this.jsonMapper.createObjectNode().put("sum", 6));
    }

    @Test
    void sumOfLargeAndNegativeNumbers() {
        JsonNode result = json(post("/api/tasks/sum", "{\"numbers\":[9007199254740993,-3,-4]}"), HttpStatus.OK);
        assertThat(result.get("sum").asLong()).isEqualTo(9007199254740986L);
    }

    @Test
    void sumWithoutArgsIsZero() {
        assertThat(json(post("/api/tasks/sum", null), HttpStatus.OK).get("sum").asLong()).isZero();
        assertThat(json(post("/api/tasks/sum", "{}"), HttpStatus.OK).get("sum").asLong()).isZero();
    }

    @Test
    void sumWithArgsOfTheWrongShapeIsAnErrorResponse() {
        JsonNode error = json(post("/api/tasks/sum", "{\"numbers\":\"one, two\"}"), HttpStatus.BAD_GATEWAY);
        assertThat(error.get("error").asString()).contains("cannot convert");
    }

    @Test
    void failAnswersWithTheTaskError() {
        JsonNode error = json(post("/api/tasks/fail", null), HttpStatus.BAD_GATEWAY);
        assertThat(error.get("error").asString()).isEqualTo("requested failure");
    }

    @Test
    void unknownTaskAnswersWithTheProviderError() {
        JsonNode error = json(post("/api/tasks/no-such-task", "{\"a\":1}"), HttpStatus.BAD_GATEWAY);
        assertThat(error.get("error").asString()).isEqualTo("unknown task: no-such-task");
    }

    @Test
    void sleepAnswersAfterSleeping() {
        long start = System.nanoTime();
        JsonNode result = json(post("/api/tasks/sleep", "{\"millis\":300}"), HttpStatus.OK);
        assertThat(result.get("slept").asLong()).isEqualTo(300);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void sleepLongerThanTheTimeoutIsAGatewayTimeout() {
        int tracked = this.tracker.numRequests();
        long start = System.nanoTime();
        JsonNode error = json(post("/api/tasks/sleep?timeoutMs=500", "{\"millis\":2000}"),
                HttpStatus.GATEWAY_TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // the error says the tracker's timeout answered: the late response would have been a success
        assertThat(error.get("error").asString()).isEqualTo("response timeout");
        assertThat(took).as("not answered before the timeout").isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(this.tracker.numRequests()).as("timed-out request no longer tracked").isEqualTo(tracked);
    }

    @Test
    void sleepWithinTheDefaultTimeoutIsAnswered() {
        // the default timeoutMs is 5000: a 1 s sleep is answered, not timed out
        assertThat(json(post("/api/tasks/sleep", "{\"millis\":1000}"), HttpStatus.OK).get("slept").asLong())
                .isEqualTo(1000);
    }

    @Test
    void streamAnswersWithTheStreamedBytes() {
        ResponseEntity<byte[]> response = this.rest.postForEntity("/api/tasks/stream",
                jsonEntity("{\"text\":\"abc\",\"repeat\":4}"), byte[].class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_OCTET_STREAM);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("abcabcabc" + "abc");
    }

    @Test
    void streamOfAMegabyteArrivesWhole() {
        String text = "0123456789abcdef";
        int repeat = 65_536;
        ResponseEntity<byte[]> response = this.rest.postForEntity("/api/tasks/stream",
                jsonEntity("{\"text\":\"" + text + "\",\"repeat\":" + repeat + "}"), byte[].class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).hasSize(text.length() * repeat);
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo(text.repeat(repeat));
    }

    @Test
    void streamKeepsMultiByteCharactersIntact() {
        ResponseEntity<byte[]> response = this.rest.postForEntity("/api/tasks/stream",
                jsonEntity("{\"text\":\"h\u00e9llo \u2713 \uD83D\uDE80\",\"repeat\":2}"), byte[].class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).isEqualTo("h\u00e9llo \u2713 \uD83D\uDE80".repeat(2)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void streamOfNothingIsAnEmptyBody() {
        ResponseEntity<byte[]> response = this.rest.postForEntity("/api/tasks/stream",
                jsonEntity("{\"text\":\"abc\",\"repeat\":0}"), byte[].class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).isNullOrEmpty();
    }

    @Test
    void streamWithoutTextIsAnErrorResponse() {
        JsonNode error = json(post("/api/tasks/stream", "{\"repeat\":2}"), HttpStatus.BAD_GATEWAY);
        assertThat(error.get("error").asString()).contains("stream needs");
    }

    @Test
    void theStreamSocketsAreGoneOnceRead() {
        this.rest.postForEntity("/api/tasks/stream", jsonEntity("{\"text\":\"x\",\"repeat\":3}"), byte[].class);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (var files = Files.list(this.sockets)) {
                assertThat(files.map(path -> path.getFileName().toString()))
                        .noneMatch(name -> name.startsWith("acomm-stream-"));
            }
        });
    }

    @Test
    void malformedArgsAreABadRequest() {
        JsonNode error = json(post("/api/tasks/sum", "{\"numbers\":[1,2"), HttpStatus.BAD_REQUEST);
        assertThat(error.get("error").asString()).startsWith("malformed args");
    }

    @Test
    void aTimeoutThatIsNotPositiveIsABadRequest() {
        JsonNode error = json(post("/api/tasks/sum?timeoutMs=0", "{\"numbers\":[1]}"), HttpStatus.BAD_REQUEST);
        assertThat(error.get("error").asString()).contains("timeoutMs");
    }

    @Test
    void aTimeoutThatIsNoNumberIsABadRequest() {
        JsonNode error = json(post("/api/tasks/sum?timeoutMs=soon", "{\"numbers\":[1]}"), HttpStatus.BAD_REQUEST);
        assertThat(error.get("error").asString()).isEqualTo("timeoutMs must be a long: soon");
    }

    @Test
    void anExplicitDestinationIsUsed() {
        String dest = "unix://" + this.providerSocket.toAbsolutePath();
        JsonNode result = json(post("/api/tasks/sum?dest=" + dest, "{\"numbers\":[40,2]}"), HttpStatus.OK);
        assertThat(result.get("sum").asLong()).isEqualTo(42);
    }

    @Test
    void aDestinationWithoutASocketIsABadGateway() {
        String dest = "unix://" + this.sockets.resolve("nobody-listens.sock").toAbsolutePath();
        JsonNode error = json(post("/api/tasks/sum?dest=" + dest, "{\"numbers\":[1]}"), HttpStatus.BAD_GATEWAY);
        assertThat(error.get("error").asString()).contains("nobody-listens.sock");
    }

    @Test
    void aDestinationOfAnUnknownSchemeIsABadGateway() {
        JsonNode error = json(post("/api/tasks/sum?dest=ftp://example.com/x", "{\"numbers\":[1]}"),
                HttpStatus.BAD_GATEWAY);
        assertThat(error.get("error").asString()).contains("unknown url type: ftp");
    }

    @Test
    void aRelativeDestinationIsABadRequest() {
        JsonNode error = json(post("/api/tasks/sum?dest=provider.sock", "{\"numbers\":[1]}"),
                HttpStatus.BAD_REQUEST);
        assertThat(error.get("error").asString()).contains("absolute");
    }

    @Test
    void aFailedSendLeavesNothingTracked() {
        int tracked = this.tracker.numRequests();
        String dest = "unix://" + this.sockets.resolve("nobody-listens.sock").toAbsolutePath();
        post("/api/tasks/sum?dest=" + dest, "{\"numbers\":[1]}");
        assertThat(this.tracker.numRequests()).isEqualTo(tracked);
    }

    @Test
    void aCallToAnotherProviderCarriesItsArgsAndGetsItsAnswer() {
        this.stub.onTask("vm.create").respond(Map.of("id", "vm-1"));

        JsonNode result = json(post("/api/tasks/vm.create?dest=" + this.stub.url(), "{\"cpus\":2}"), HttpStatus.OK);

        assertThat(result.get("id").asString()).isEqualTo("vm-1");
        Request sent = this.stub.awaitRequest("vm.create", Duration.ofSeconds(5));
        assertThat(sent.rawArgs()).isEqualTo(this.jsonMapper.readTree("{\"cpus\":2}"));
        assertThat(sent.responseHook()).isEqualTo(this.tracker.url());
    }

    @Test
    void anotherProvidersErrorIsABadGateway() {
        this.stub.onTask("vm.delete").fail("no such vm");

        JsonNode error = json(post("/api/tasks/vm.delete?dest=" + this.stub.url(), null), HttpStatus.BAD_GATEWAY);

        assertThat(error.get("error").asString()).isEqualTo("no such vm");
    }

    @Test
    void anotherProviderSlowerThanTheTimeoutIsAGatewayTimeout() {
        int tracked = this.tracker.numRequests();
        this.stub.onTask("vm.migrate").delayedBy(Duration.ofMinutes(1)).respond("done");

        JsonNode error = json(post("/api/tasks/vm.migrate?timeoutMs=100&dest=" + this.stub.url(), null),
                HttpStatus.GATEWAY_TIMEOUT);

        assertThat(error.get("error").asString()).isEqualTo("response timeout");
        assertThat(this.stub.requests("vm.migrate")).hasSize(1);
        assertThat(this.tracker.numRequests()).as("timed-out request no longer tracked").isEqualTo(tracked);
    }

    @Test
    void anotherProvidersErrorSayingResponseTimeoutIsABadGatewayNotAGatewayTimeout() {
        this.stub.onTask("vm.migrate").fail(Tracker.TIMEOUT_ERROR);

        JsonNode error = json(post("/api/tasks/vm.migrate?dest=" + this.stub.url(), null), HttpStatus.BAD_GATEWAY);

        assertThat(error.get("error").asString()).isEqualTo(Tracker.TIMEOUT_ERROR);
    }

    @Test
    void sumIsConvertedToItsResultType() {
        JsonNode result = json(post("/api/sum", "{\"numbers\":[1,2,39]}"), HttpStatus.OK);
        assertThat(result).isEqualTo(this.jsonMapper.createObjectNode().put("sum", 42));
    }

    @Test
    void aSumSlowerThanTheTimeoutIsAGatewayTimeoutAndAnErrorABadGateway() {
        this.stub.onTask("sum").delayedBy(Duration.ofMinutes(1)).respond(Map.of("sum", 1));
        JsonNode timedOut = json(post("/api/sum?timeoutMs=100&dest=" + this.stub.url(), "{\"numbers\":[1]}"),
                HttpStatus.GATEWAY_TIMEOUT);
        this.stub.onTask("sum").fail(Tracker.TIMEOUT_ERROR);
        JsonNode failed = json(post("/api/sum?dest=" + this.stub.url(), "{\"numbers\":[1]}"),
                HttpStatus.BAD_GATEWAY);

        assertThat(timedOut.get("error").asString()).isEqualTo(Tracker.TIMEOUT_ERROR);
        assertThat(failed.get("error").asString()).isEqualTo(Tracker.TIMEOUT_ERROR);
    }

    @Test
    void aSumResultOfAnotherShapeIsABadGatewayNamingTheResultType() {
        this.stub.onTask("sum").respond("forty-two");

        JsonNode error = json(post("/api/sum?dest=" + this.stub.url(), "{\"numbers\":[1]}"), HttpStatus.BAD_GATEWAY);

        assertThat(error.get("error").asString()).contains("(task 'sum')")
                .contains(SampleTasks.SumResult.class.getName());
    }

    private static HttpEntity<String> jsonEntity(String json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(json, headers);
    }
}
