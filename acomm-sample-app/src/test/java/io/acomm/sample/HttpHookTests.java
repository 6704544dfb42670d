package io.acomm.sample;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Sender;
import io.acomm.Streams;
import io.acomm.Tracker;
import io.acomm.testing.AcommTest;
import io.acomm.testing.AcommTestUtils;
import io.acomm.transport.UnixTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's provider reached by callers whose response hook is HTTP, and the HTTP endpoints under
 * {@code /acomm}: the responses intake, the stream endpoint, and requests the application sends to an HTTP provider.
 * The remote callers are trackers of their own, which {@link AcommTest} starts for each test and stops after it.
 */
@AcommTest
class HttpHookTests extends SampleAppTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Autowired
    Tracker tracker;

    @Autowired
    MeterRegistry meters;

    @Autowired
    OutgoingHttp outgoing;

    private Tracker caller;

    @BeforeEach
    void setUpCaller(Tracker caller) {
        this.caller = caller;
    }

    /**
     * A remote caller (a plain core tracker) asks for a task; the application's tracker proxies the request so that
     * the provider answers over HTTP to {@code POST /acomm/responses}, which forwards the response to the caller.
     */
    @Test
    void providerAnswersOverHttpThroughTheIntakeToTheRemoteCaller() {
        int tracked = this.tracker.numRequests();
        double httpSends = sends("http", "success");
        CompletableFuture<Response> answered = new CompletableFuture<>();
        Request request = callerRequest("sum", Map.of("numbers", List.of(10, 20, 12)), answered);

        Request external = this.tracker.proxyExternal(request, WAIT);

        assertThat(external.id()).isEqualTo(request.id());
        assertThat(external.task()).isEqualTo("sum");
        assertThat(external.responseHook().getScheme()).isEqualTo("http");
        assertThat(external.responseHook().getPort()).isEqualTo(this.port);
        assertThat(external.responseHook().getPath()).isEqualTo("/acomm/responses");
        Sender.defaults().send(providerUrl(), external);

        Response response = AcommTestUtils.awaitResponse(answered, WAIT);
        assertThat(response.isError()).as("error: %s", response.error()).isFalse();
        assertThat(response.id()).isEqualTo(request.id());
        assertThat(response.rawResult()).isEqualTo(this.jsonMapper.createObjectNode().put("sum", 42));
        assertThat(this.caller.numRequests()).isZero();
        assertThat(this.tracker.numRequests()).isEqualTo(tracked);
        // the send is timed once acked, which may be after the intake forwarded the response
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                assertThat(sends("http", "success")).as("responses posted over HTTP").isGreaterThan(httpSends));
        assertThat(this.outgoing.sent()).as("the provider's response, posted with the RestTemplate transport")
                .anySatisfy(sent -> {
                    assertThat(sent.method()).isEqualTo(HttpMethod.POST);
                    assertThat(sent.uri()).isEqualTo(external.responseHook());
                    assertThat(sent.body()).contains(request.id()).contains("\"sum\":42");
                });
    }

    @Test
    void taskErrorTravelsOverHttpToTheRemoteCaller() {
        CompletableFuture<Response> answered = new CompletableFuture<>();
        Request request = callerRequest("fail", null, answered);
        Sender.defaults().send(providerUrl(), this.tracker.proxyExternal(request, WAIT));

        Response response = AcommTestUtils.awaitResponse(answered, WAIT);
        assertThat(response.error()).isEqualTo("requested failure");
    }

    @Test
    void unknownTaskErrorTravelsOverHttpToTheRemoteCaller() {
        CompletableFuture<Response> answered = new CompletableFuture<>();
        Request request = callerRequest("not-served", null, answered);
        Sender.defaults().send(providerUrl(), this.tracker.proxyExternal(request, WAIT));

        assertThat(AcommTestUtils.awaitResponse(answered, WAIT).error())
                .isEqualTo("unknown task: not-served");
    }

    @Test
    void timeoutIsForwardedOnceAndTheLateResponseIsRefusedByTheIntake() {
        double refused = sends("http", "error");
        CompletableFuture<Response> answered = new CompletableFuture<>();
        Request request = callerRequest("sleep", Map.of("millis", 600), answered);
        Sender.defaults().send(providerUrl(), this.tracker.proxyExternal(request, Duration.ofMillis(150)));

        Response response = AcommTestUtils.awaitResponse(answered, WAIT);
        assertThat(response.error()).isEqualTo(Tracker.TIMEOUT_ERROR);
        assertThat(response.id()).isEqualTo(request.id());
        // the provider's real response comes later: the intake refuses it, so its HTTP send counts as failed
        Awaitility.await().atMost(WAIT).until(() -> sends("http", "error") > refused);
    }

    /**
     * The other direction: a request with an HTTP hook, proxied by the application's tracker to its own provider
     * socket; the unix stream of the response reaches the remote side as a URL of {@code GET /acomm/stream}.
     */
    @Test
    void proxiedRequestWithAnHttpHookGetsItsStreamThroughTheStreamEndpoint() throws Exception {
        try (HttpPeer remote = HttpPeer.recorder()) {
            Request request = Request.builder().task("stream").responseHook(remote.hook())
                    .args(Map.of("text", "xyz", "repeat", 5)).build();
            Request local = this.tracker.proxyUnix(request, WAIT);
            assertThat(local.responseHook()).isEqualTo(this.tracker.url());
            Sender.defaults().send(providerUrl(), local);

            Response response = AcommJson.defaults().decodeResponse(remote.nextPosted(WAIT));
            assertThat(response.id()).isEqualTo(request.id());
            assertThat(response.isError()).as("error: %s", response.error()).isFalse();
            URI stream = response.streamUrl();
            assertThat(stream.getScheme()).isEqualTo("http");
            assertThat(stream.getPort()).isEqualTo(this.port);
            assertThat(stream.getPath()).isEqualTo("/acomm/stream");
            try (InputStream in = Streams.open(stream)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("xyz".repeat(5));
            }
            // a one-shot stream: read once, then it is gone
            Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(
                    this.rest.getForEntity(stream, String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND));
        }
    }

    @Test
    void proxiedRequestWithAnHttpHookGetsItsResultPosted() throws Exception {
        try (HttpPeer remote = HttpPeer.recorder()) {
            Request request = Request.builder().task("sum").responseHook(remote.hook())
                    .args(Map.of("numbers", List.of(2, 3))).build();
            Sender.defaults().send(providerUrl(), this.tracker.proxyUnix(request, WAIT));

            Response response = AcommJson.defaults().decodeResponse(remote.nextPosted(WAIT));
            assertThat(response.id()).isEqualTo(request.id());
            assertThat(response.rawResult()).isEqualTo(this.jsonMapper.createObjectNode().put("sum", 5));
        }
    }

    @Test
    void intakeRefusesResponsesToRequestsItDoesNotTrack() {
        Response stray = Response.success(Request.builder().responseHook(URI.create("http://example.com/")).build(),
                Map.of("x", 1));
        ResponseEntity<String> refused = postJson("/acomm/responses",
                new String(AcommJson.defaults().encode(stray), StandardCharsets.UTF_8));
        JsonNode ack = json(refused, HttpStatus.NOT_FOUND);
        assertThat(ack.get("id").asString()).isEmpty();
        assertThat(ack.get("error").asString()).contains(stray.id());
    }

    @Test
    void intakeRefusesWhatIsNoResponse() {
        JsonNode garbage = json(postJson("/acomm/responses", "{not json"), HttpStatus.BAD_REQUEST);
        assertThat(garbage.get("error").asString()).isNotEmpty();
        JsonNode empty = json(postJson("/acomm/responses", null), HttpStatus.BAD_REQUEST);
        assertThat(empty.get("error").asString()).contains("empty body");
    }

    @Test
    void intakeAcksAndForwardsAResponseItWaitsFor() {
        CompletableFuture<Response> answered = new CompletableFuture<>();
        Request request = callerRequest("anything", null, answered);
        Request external = this.tracker.proxyExternal(request, WAIT);
        Response response = Response.success(external, Map.of("posted", "by hand"));

        JsonNode ack = json(postJson("/acomm/responses",
                new String(AcommJson.defaults().encode(response), StandardCharsets.UTF_8)), HttpStatus.OK);

        assertThat(ack.get("error").asString()).isEmpty();
        assertThat(ack.get("id").asString()).isEmpty();
        assertThat(AcommTestUtils.awaitResponse(answered, WAIT).rawResult().get("posted").asString())
                .isEqualTo("by hand");
    }

    @Test
    void streamEndpointServesNoStreamItDidNotCreate() {
        String foreign = "unix://" + this.sockets.resolve("foreign.sock").toAbsolutePath();
        assertThat(this.rest.getForEntity("/acomm/stream?addr={addr}", String.class, foreign).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(this.rest.getForEntity("/acomm/stream?addr={addr}", String.class, "http://example.com/")
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    /**
     * {@code POST /api/tasks/{task}?dest=http://…}: the application's tracker sends the request over HTTP to a
     * provider on another "host", which answers to the tracker's hook.
     */
    @Test
    void callToAnHttpProviderGetsItsAnswer() throws Exception {
        try (HttpPeer provider = HttpPeer.provider(request -> Response.success(request,
                Map.of("echo", request.task(), "args", request.rawArgs())))) {
            JsonNode result = json(post("/api/tasks/echo?dest=" + provider.hook(), "{\"a\":[1,2]}"), HttpStatus.OK);
            assertThat(result.get("echo").asString()).isEqualTo("echo");
            assertThat(result.get("args")).isEqualTo(this.jsonMapper.readTree("{\"a\":[1,2]}"));
            Request sent = AcommJson.defaults().decodeRequest(provider.nextPosted(WAIT));
            assertThat(sent.task()).isEqualTo("echo");
            assertThat(sent.responseHook()).isEqualTo(this.tracker.url());
        }
    }

    @Test
    void callToAnHttpProviderThatRefusesIsABadGateway() throws Exception {
        int tracked = this.tracker.numRequests();
        try (HttpPeer provider = HttpPeer.refusing("too busy")) {
            JsonNode error = json(post("/api/tasks/sum?dest=" + provider.hook(), "{\"numbers\":[1]}"),
                    HttpStatus.BAD_GATEWAY);
            assertThat(error.get("error").asString()).contains("too busy");
        }
        assertThat(this.tracker.numRequests()).isEqualTo(tracked);
    }

    @Test
    void asyncCallToAnHttpProviderReachesTheResponseHandler() throws Exception {
        try (HttpPeer provider = HttpPeer.provider(request -> Response.failure(request, "remote says no"))) {
            JsonNode outcome = awaitOutcome(sendAsync("remote?dest=" + provider.hook(), null));
            assertThat(outcome.get("status").asString()).isEqualTo("error");
            assertThat(outcome.get("task").asString()).isEqualTo("remote");
            assertThat(outcome.get("error").asString()).isEqualTo("remote says no");
        }
    }

    private Request callerRequest(String task, Object args, CompletableFuture<Response> answered) {
        Request request = Request.builder().task(task).responseHook(this.caller.url()).args(args)
                .onSuccess((req, response) -> answered.complete(response))
                .onError((req, response) -> answered.complete(response))
                .build();
        this.caller.trackRequest(request, WAIT);
        return request;
    }

    private ResponseEntity<String> postJson(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return this.rest.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    private double sends(String scheme, String outcome) {
        Timer timer = this.meters.find("acomm.sends").tag("scheme", scheme).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private URI providerUrl() {
        return UnixTransport.url(this.providerSocket);
    }
}
