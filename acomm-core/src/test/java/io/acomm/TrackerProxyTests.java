package io.acomm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.acomm.test.TestHttpServer;
import io.acomm.test.TestSupport;
import io.acomm.test.TestTrackers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackerProxyTests {

    @TempDir
    Path dir;

    private TestHttpServer http;
    private Tracker tracker;

    @BeforeEach
    void start() throws Exception {
        this.http = TestHttpServer.start();
        this.http.route("/stream", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            URI addr = URI.create(URLDecoder.decode(query.substring("addr=".length()), StandardCharsets.UTF_8));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Streams.stream(bytes, addr);
            TestHttpServer.reply(exchange, 200, bytes.toByteArray());
        });
        this.tracker = Tracker.builder()
                .socketPath(this.dir.resolve("tracker.sock"))
                .httpStreamUrl(this.http.url("/stream"))
                .externalProxyUrl(this.http.url("/acomm/responses"))
                .build();
        this.tracker.startListener();
    }

    @AfterEach
    void stop() {
        TestTrackers.stopQuietly(this.tracker);
        this.http.close();
    }

    @Test
    void aResponseToAProxiedRequestIsForwardedToTheOriginalHttpHook() {
        Request original = Request.create("vm.create", this.http.hook().toString(), Map.of("name", "web1"));

        Request local = this.tracker.proxyUnix(original, Duration.ofSeconds(5));

        assertThat(local.id()).isEqualTo(original.id());
        assertThat(local.task()).isEqualTo("vm.create");
        assertThat(local.responseHook()).isEqualTo(this.tracker.url());
        assertThat(local.rawArgs()).isEqualTo(original.rawArgs());
        assertThat(this.tracker.numRequests()).isEqualTo(1);

        Sender.defaults().send(local.responseHook(), Response.success(local, Map.of("id", "vm-42")));

        TestSupport.await().until(() -> this.http.posted().size() == 1);
        Response forwarded = AcommJson.defaults().decodeResponse(this.http.posted().get(0));
        assertThat(forwarded.id()).isEqualTo(original.id());
        assertThat(forwarded.rawResult().get("id").asString()).isEqualTo("vm-42");
        assertThat(this.tracker.numRequests()).isZero();
    }

    @Test
    void aUnixStreamInAForwardedResponseIsRewrittenToTheHttpStreamEndpoint() throws Exception {
        Request original = Request.create("vm.logs", this.http.hook().toString(), null);
        Request local = this.tracker.proxyUnix(original);
        URI unixStream = this.tracker.newStreamUnix(null,
                new ByteArrayInputStream("log line\n".getBytes(StandardCharsets.UTF_8)));

        Sender.defaults().send(this.tracker.url(), Response.success(local, null, unixStream));

        TestSupport.await().until(() -> this.http.posted().size() == 1);
        Response forwarded = AcommJson.defaults().decodeResponse(this.http.posted().get(0));
        assertThat(forwarded.streamUrl()).isEqualTo(this.tracker.proxyStreamHttpUrl(unixStream));
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        Streams.stream(read, forwarded.streamUrl());
        assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("log line\n");
    }

    @Test
    void aUnixStreamOfAnotherProcessIsRelayedThroughAStreamOfTheTracker() throws Exception {
        Tracker otherProcess = Tracker.builder().socketPath(this.dir.resolve("other.sock")).build();
        otherProcess.startListener();
        try {
            Request original = Request.create("vm.logs", this.http.hook().toString(), null);
            Request local = this.tracker.proxyUnix(original);
            URI foreignStream = otherProcess.newStreamUnix(null,
                    new ByteArrayInputStream("foreign bytes".getBytes(StandardCharsets.UTF_8)));
            assertThat(this.tracker.isOwnStream(foreignStream)).isFalse();

            Sender.defaults().send(this.tracker.url(), Response.success(local, null, foreignStream));

            TestSupport.await().until(() -> this.http.posted().size() == 1);
            URI forwarded = AcommJson.defaults().decodeResponse(this.http.posted().get(0)).streamUrl();
            URI relay = URI.create(URLDecoder.decode(forwarded.getRawQuery().substring("addr=".length()),
                    StandardCharsets.UTF_8));
            assertThat(relay).isNotEqualTo(foreignStream);
            assertThat(this.tracker.isOwnStream(relay)).isTrue();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            Streams.stream(read, forwarded);
            assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("foreign bytes");
        }
        finally {
            otherProcess.stopListener(null);
        }
    }

    @Test
    void aTimedOutProxiedRequestIsAnsweredAtItsOriginalHook() {
        Request original = Request.create("vm.create", this.http.hook().toString(), null);
        this.tracker.proxyUnix(original, Duration.ofMillis(30));

        TestSupport.await().until(() -> this.http.posted().size() == 1);
        Response forwarded = AcommJson.defaults().decodeResponse(this.http.posted().get(0));
        assertThat(forwarded.id()).isEqualTo(original.id());
        assertThat(forwarded.error()).isEqualTo(Tracker.TIMEOUT_ERROR);
    }

    @Test
    void aRequestWithAUnixHookIsNotProxied() {
        Request local = Request.create("vm.create", "unix:///run/provider.sock", null);
        assertThat(this.tracker.proxyUnix(local)).isSameAs(local);
        assertThat(this.tracker.numRequests()).isZero();
    }

    @Test
    void anHttpStreamOnAProxiedRequestIsPipedThroughAUnixStream() throws Exception {
        this.http.route("/data", exchange -> TestHttpServer.reply(exchange, 200,
                "remote bytes".getBytes(StandardCharsets.UTF_8)));
        Request original = Request.builder().task("vm.import").responseHook(this.http.hook())
                .streamUrl(this.http.url("/data")).build();

        Request local = this.tracker.proxyUnix(original);

        assertThat(local.streamUrl().getScheme()).isEqualTo("unix");
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        Streams.stream(read, local.streamUrl());
        assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("remote bytes");
    }

    @Test
    void proxyingNeedsAListeningTracker() {
        Tracker idle = Tracker.builder().socketPath(this.dir.resolve("idle.sock")).build();
        Request request = Request.create(this.http.hook().toString(), null);
        assertThatThrownBy(() -> idle.proxyUnix(request)).isInstanceOf(AcommException.class)
                .hasMessageContaining("not listening");
    }

    @Test
    void proxyExternalPointsTheHookAtTheExternalProxyUrl() {
        URI unixStream = URI.create("unix:///tmp/acomm-stream-x.sock");
        Request original = Request.builder().task("vm.create").responseHook(URI.create("unix:///run/caller.sock"))
                .streamUrl(unixStream).build();

        Request external = this.tracker.proxyExternal(original, Duration.ofSeconds(5));

        assertThat(external.id()).isEqualTo(original.id());
        assertThat(external.responseHook()).isEqualTo(this.http.url("/acomm/responses"));
        assertThat(external.streamUrl()).isEqualTo(this.tracker.proxyStreamHttpUrl(unixStream));
        assertThat(this.tracker.numRequests()).isEqualTo(1);
    }

    @Test
    void externalResponsesAreAcceptedOnlyForExternallyProxiedRequests() {
        Request local = Request.create("unix:///run/x.sock", null);
        this.tracker.trackRequest(local);
        assertThatThrownBy(() -> this.tracker.acceptExternalResponse(Response.success(local, null)))
                .isInstanceOf(MessageRefusedException.class).hasMessageContaining("no tracked request");
        assertThat(this.tracker.numRequests()).isEqualTo(1);
        this.tracker.removeRequest(local);

        Tracker caller = Tracker.builder().socketPath(this.dir.resolve("caller.sock")).build();
        caller.startListener();
        try {
            List<Response> received = new CopyOnWriteArrayList<>();
            Request original = Request.create("vm.create", caller.url().toString(), null)
                    .withCallbacks((rq, rs) -> received.add(rs), null);
            caller.trackRequest(original);
            this.tracker.proxyExternal(original, Duration.ofSeconds(5));

            this.tracker.acceptExternalResponse(Response.success(original, "done"));

            TestSupport.await().until(() -> received.size() == 1);
            assertThat(received.get(0).rawResult().asString()).isEqualTo("done");
            assertThat(this.tracker.numRequests()).isZero();
        }
        finally {
            caller.stopListener(null);
        }
    }

    @Test
    void proxyExternalNeedsAnExternalProxyUrl() {
        Tracker plain = Tracker.builder().socketPath(this.dir.resolve("plain.sock")).build();
        assertThatThrownBy(() -> plain.proxyExternal(Request.create("unix:///x.sock", null), null))
                .isInstanceOf(AcommException.class).hasMessageContaining("no external proxy URL");
    }
}
