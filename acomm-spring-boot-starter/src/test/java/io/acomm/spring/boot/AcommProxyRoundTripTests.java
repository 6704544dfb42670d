package io.acomm.spring.boot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Sender;
import io.acomm.Streams;
import io.acomm.Tracker;
import io.acomm.spring.boot.AcommTestApplication.HookController;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;

import static io.acomm.test.TestSupport.completing;
import static io.acomm.test.TestSupport.resultOf;
import static io.acomm.test.TestTrackers.startTracker;
import static io.acomm.test.TestTrackers.stopQuietly;
import static io.acomm.test.TestTrackers.track;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests proxied through the auto-configured tracker of a running web application: a request that came in over
 * HTTP is answered over the tracker's unix socket and its response reaches the HTTP hook of a controller, and a
 * request sent to an external host is answered over the responses endpoint and its response reaches a unix hook.
 */
class AcommProxyRoundTripTests extends AbstractAcommWebTests {

    @Autowired
    HookController hook;

    @BeforeEach
    void noResponsesYet() {
        this.hook.received().clear();
    }

    private URI hookUrl() {
        return URI.create("http://localhost:" + this.port + "/test/hook");
    }

    private Response nextForwarded() throws InterruptedException {
        byte[] body = this.hook.received().poll(10, TimeUnit.SECONDS);
        assertThat(body).as("a response forwarded to the test controller").isNotNull();
        return this.json.decodeResponse(body);
    }

    @Test
    void responseOverUnixIsForwardedToTheHttpHook() throws Exception {
        Request remote = Request.builder().task("vm.create").responseHook(hookUrl()).args(Map.of("cpus", 2)).build();

        Request local = this.tracker.proxyUnix(remote);
        assertThat(local.id()).isEqualTo(remote.id());
        assertThat(local.responseHook()).isEqualTo(this.tracker.url());
        assertThat(local.rawArgs().get("cpus").asInt()).isEqualTo(2);
        assertThat(this.tracker.numRequests()).isEqualTo(1);

        Sender.defaults().send(this.tracker.url(), Response.success(local, Map.of("vm", "vm-42")));

        Response forwarded = nextForwarded();
        assertThat(forwarded.id()).isEqualTo(remote.id());
        assertThat(forwarded.isError()).isFalse();
        assertThat(forwarded.rawResult().get("vm").asString()).isEqualTo("vm-42");
        assertThat(this.tracker.numRequests()).isZero();
    }

    @Test
    void errorResponseIsForwardedToo() throws Exception {
        Request local = this.tracker.proxyUnix(Request.builder().task("vm.delete").responseHook(hookUrl()).build());
        Sender.defaults().send(this.tracker.url(), Response.failure(local, "no such vm"));

        Response forwarded = nextForwarded();
        assertThat(forwarded.id()).isEqualTo(local.id());
        assertThat(forwarded.error()).isEqualTo("no such vm");
    }

    @Test
    void unixStreamOfTheResponseIsForwardedAsAnHttpStreamTheRemoteCanRead() throws Exception {
        Request local = this.tracker.proxyUnix(Request.builder().task("logs").responseHook(hookUrl()).build());
        byte[] data = "log line 1\nlog line 2\n".getBytes();
        URI unixStream = this.tracker.newStreamUnix(null, new ByteArrayInputStream(data));
        Sender.defaults().send(this.tracker.url(), Response.success(local, null, unixStream));

        Response forwarded = nextForwarded();
        assertThat(forwarded.streamUrl()).isEqualTo(this.tracker.proxyStreamHttpUrl(unixStream));
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        Streams.stream(read, forwarded.streamUrl());
        assertThat(read.toByteArray()).isEqualTo(data);
    }

    @Test
    void responseFromAnExternalHostIsForwardedToTheUnixHook() {
        Tracker origin = startTracker(socketDir());
        try {
            CompletableFuture<Response> atOrigin = new CompletableFuture<>();
            Request request = track(origin, "external.task", Map.of("n", 1), completing(atOrigin), null);

            Request external = this.tracker.proxyExternal(request, null);
            assertThat(external.id()).isEqualTo(request.id());
            assertThat(external.responseHook()).isEqualTo(this.tracker.externalProxyUrl());

            ResponseEntity<String> ack = this.rest.exchange(RequestEntity.post(external.responseHook())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(this.json.encode(Response.success(external, Map.of("n", 2)))), String.class);
            assertThat(ack.getStatusCode()).isEqualTo(HttpStatus.OK);

            Response answered = resultOf(atOrigin);
            assertThat(answered.id()).isEqualTo(request.id());
            assertThat(answered.rawResult().get("n").asInt()).isEqualTo(2);
            assertThat(this.tracker.numRequests()).isZero();
        }
        finally {
            stopQuietly(origin);
        }
    }

    @Test
    void externalRequestThatTimesOutIsAnsweredAtTheUnixHookAndALateResponseIsRefused() {
        Tracker origin = startTracker(socketDir());
        try {
            CompletableFuture<Response> atOrigin = new CompletableFuture<>();
            Request request = track(origin, "slow.external", null, null, completing(atOrigin));
            Request external = this.tracker.proxyExternal(request, Duration.ofMillis(100));

            assertThat(resultOf(atOrigin).error()).isEqualTo(Tracker.TIMEOUT_ERROR);
            ResponseEntity<String> late = this.rest.exchange(RequestEntity.post(external.responseHook())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(this.json.encode(Response.success(external, "too late"))), String.class);
            assertThat(late.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        }
        finally {
            stopQuietly(origin);
        }
    }

    @Test
    void unixStreamOfAnExternalRequestIsReadableOverHttp() throws Exception {
        byte[] data = "disk image".getBytes();
        URI unixStream = this.tracker.newStreamUnix(null, new ByteArrayInputStream(data));
        Request request = Request.builder().task("upload").responseHook(URI.create("unix:///nowhere.sock"))
                .streamUrl(unixStream).build();
        Request external = this.tracker.proxyExternal(request, null);
        try {
            assertThat(external.streamUrl()).isEqualTo(this.tracker.proxyStreamHttpUrl(unixStream));
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            Streams.stream(read, external.streamUrl());
            assertThat(read.toByteArray()).isEqualTo(data);
        }
        finally {
            this.tracker.removeRequest(request);
        }
    }
}
