package io.acomm.spring.boot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Streams;
import io.acomm.Tracker;
import io.acomm.test.ConnectionCounter;
import io.acomm.transport.UnixTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.UriComponentsBuilder;

import static io.acomm.test.TestHttp.ACK_JSON;
import static io.acomm.test.TestHttp.errorOfAck;
import static io.acomm.test.TestHttp.getRaw;
import static io.acomm.test.TestHttp.postRaw;
import static io.acomm.test.TestSupport.assertQuietFor;
import static io.acomm.test.TestSupport.await;
import static io.acomm.test.TestTrackers.startTracker;
import static io.acomm.test.TestTrackers.stopQuietly;
import static io.acomm.test.TestTrackers.track;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The responses and stream endpoints of a running web application, over real HTTP: what they take and what they
 * refuse.
 */
class AcommHttpEndpointsTests extends AbstractAcommWebTests {

    private static final JsonMapper MAPPER = new JsonMapper();

    @Autowired
    AcommProperties properties;

    @Test
    void endpointUrlsAreDerivedFromTheRunningServer() {
        String base = "http://127.0.0.1:" + this.port + "/acomm";
        assertThat(this.tracker.httpStreamUrl()).isEqualTo(URI.create(base + "/stream"));
        assertThat(this.tracker.externalProxyUrl()).isEqualTo(URI.create(base + "/responses"));
    }

    @Test
    void responseToAnExternallyProxiedRequestIsAckedLikeTheProtocolAsks() throws Exception {
        Tracker origin = startTracker(socketDir());
        try {
            Request request = track(origin, "intake", null);
            Request external = this.tracker.proxyExternal(request, null);

            ResponseEntity<String> ack = postResponse(external.responseHook(),
                    this.json.encode(Response.success(external, "done")));

            assertThat(ack.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(ack.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
            assertThat(MAPPER.readTree(ack.getBody())).isEqualTo(MAPPER.readTree(ACK_JSON));
            await().until(() -> origin.numRequests() == 0);
        }
        finally {
            stopQuietly(origin);
        }
    }

    @Test
    void malformedJsonIsRefusedWith400AndAnErrorAck() throws Exception {
        ResponseEntity<String> refused = postResponse(this.tracker.externalProxyUrl(), "{\"id\": ".getBytes());
        assertErrorAck(refused, HttpStatus.BAD_REQUEST, "invalid response JSON");
    }

    @Test
    void emptyBodyIsRefusedWith400AndAnErrorAck() throws Exception {
        ResponseEntity<String> refused = postResponse(this.tracker.externalProxyUrl(), new byte[0]);
        assertErrorAck(refused, HttpStatus.BAD_REQUEST, "empty body");
    }

    @Test
    void unknownIdIsRefusedWith404AndAnErrorAck() throws Exception {
        Request neverTracked = Request.create("t", "unix:///nowhere.sock", null);
        ResponseEntity<String> refused = postResponse(this.tracker.externalProxyUrl(),
                this.json.encode(Response.success(neverTracked, null)));
        assertErrorAck(refused, HttpStatus.NOT_FOUND, "no tracked request: " + neverTracked.id());
    }

    @Test
    void idTrackedLocallyIsNotTakenOverHttp() throws Exception {
        Request local = track(this.tracker, "local.only", null);
        try {
            ResponseEntity<String> refused = postResponse(this.tracker.externalProxyUrl(),
                    this.json.encode(Response.success(local, "spoofed")));
            assertErrorAck(refused, HttpStatus.NOT_FOUND, "no tracked request: " + local.id());
            assertThat(this.tracker.numRequests()).isEqualTo(1);
        }
        finally {
            this.tracker.removeRequest(local);
        }
    }

    @Test
    void idProxiedToUnixIsNotTakenOverHttp() throws Exception {
        Request remote = Request.create("proxied", "http://127.0.0.1:" + this.port + "/test/hook", null);
        Request local = this.tracker.proxyUnix(remote);
        try {
            ResponseEntity<String> refused = postResponse(this.tracker.externalProxyUrl(),
                    this.json.encode(Response.success(local, "spoofed")));
            assertErrorAck(refused, HttpStatus.NOT_FOUND, "no tracked request: " + remote.id());
        }
        finally {
            this.tracker.removeRequest(remote);
        }
    }

    @Test
    void defaultBodyLimitIsOneMegabyteAndABodyExactlyThatLargeIsNotRefusedForItsSize() {
        int limit = 1024 * 1024;
        assertThat(new AcommProperties().getHttp().getMaxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(this.properties.getHttp().getMaxBodySize().toBytes()).isEqualTo(limit);
        Request neverTracked = Request.create("t", "unix:///nowhere.sock", null);
        int overhead = this.json.encode(Response.success(neverTracked, "")).length;

        for (boolean chunked : new boolean[] { false, true }) {
            byte[] atLimit = this.json.encode(Response.success(neverTracked, "x".repeat(limit - overhead)));
            assertThat(atLimit).hasSize(limit);
            HttpResponse<byte[]> taken = postRaw(this.tracker.externalProxyUrl(), atLimit, chunked);
            assertThat(taken.statusCode()).as("chunked=%s", chunked).isEqualTo(404);
            assertThat(errorOfAck(taken.body())).isEqualTo("no tracked request: " + neverTracked.id());

            byte[] overLimit = this.json.encode(Response.success(neverTracked, "x".repeat(limit - overhead + 1)));
            HttpResponse<byte[]> refused = postRaw(this.tracker.externalProxyUrl(), overLimit, chunked);
            assertThat(refused.statusCode()).as("chunked=%s", chunked).isEqualTo(413);
            assertThat(errorOfAck(refused.body())).contains("exceeds the maximum of " + limit);
        }
    }

    /**
     * JSON nested far deeper than any response is, in the result and in a field that is skipped: refused like any
     * malformed body, not a 5xx (nor a stack overflow).
     */
    @ParameterizedTest
    @ValueSource(strings = { "result", "unknown" })
    void deeplyNestedJsonIsABadRequest(String field) {
        int depth = 100_000;
        String body = "{\"id\":\"deep\",\"" + field + "\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        HttpResponse<byte[]> refused = postRaw(this.tracker.externalProxyUrl(),
                body.getBytes(StandardCharsets.UTF_8), false);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(errorOfAck(refused.body())).contains("invalid response JSON").contains("nesting depth");
    }

    private ResponseEntity<String> postResponse(URI url, byte[] body) {
        return this.rest.exchange(RequestEntity.post(url).contentType(MediaType.APPLICATION_JSON).body(body),
                String.class);
    }

    private static void assertErrorAck(ResponseEntity<String> response, HttpStatus status, String error) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(errorOfAck(response.getBody().getBytes(StandardCharsets.UTF_8))).contains(error);
    }

    @Test
    void streamEndpointServesTheBytesOfTheTrackersOwnStreamOnce() {
        byte[] data = randomBytes(256 * 1024);
        URI stream = this.tracker.newStreamUnix(null, new ByteArrayInputStream(data));
        URI httpUrl = this.tracker.proxyStreamHttpUrl(stream);
        assertThat(httpUrl.toString()).startsWith(this.tracker.httpStreamUrl() + "?addr=unix");

        ResponseEntity<byte[]> served = getStream(httpUrl);
        assertThat(served.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(served.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_OCTET_STREAM);
        assertThat(served.getBody()).isEqualTo(data);

        await().until(() -> !this.tracker.isOwnStream(stream));
        assertThat(getStream(httpUrl).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void remoteHostsReadTheStreamWithTheCoreStreamReader() throws Exception {
        byte[] data = randomBytes(4096);
        URI stream = this.tracker.newStreamUnix(socketDir(), new ByteArrayInputStream(data));
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        Streams.stream(read, this.tracker.proxyStreamHttpUrl(stream));
        assertThat(read.toByteArray()).isEqualTo(data);
    }

    @Test
    void streamOfAnotherTrackerIsNotServedAndStaysUnread() throws Exception {
        Tracker other = startTracker(socketDir());
        try {
            byte[] data = "not for the web".getBytes();
            URI foreign = other.newStreamUnix(null, new ByteArrayInputStream(data));

            assertThat(getStream(this.tracker.proxyStreamHttpUrl(foreign)).getStatusCode())
                    .isEqualTo(HttpStatus.NOT_FOUND);
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            Streams.stream(read, foreign);
            assertThat(read.toByteArray()).isEqualTo(data);
        }
        finally {
            stopQuietly(other);
        }
    }

    @Test
    void unixStreamThatDoesNotExistIsNotFound() {
        URI missing = URI.create("unix://" + socketDir().resolve("acomm-stream-missing.sock"));
        assertThat(getStream(this.tracker.proxyStreamHttpUrl(missing)).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = { "unix://%zz", "http://127.0.0.1/some/stream", "/tmp/no-scheme.sock", "unix:opaque" })
    void malformedStreamAddrIsABadRequest(String addr) {
        URI url = UriComponentsBuilder.fromUri(this.tracker.httpStreamUrl()).queryParam("addr", addr).encode()
                .build().toUri();
        assertThat(getStream(url).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void missingStreamAddrIsABadRequest() {
        assertThat(getStream(this.tracker.httpStreamUrl()).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    /**
     * The stream endpoint is no way to reach another socket on the host: addrs naming a live socket that is not a
     * stream of this tracker, however spelled, are refused and that socket sees no connection.
     */
    @ParameterizedTest
    @ValueSource(strings = { "unix://{path}", "unix://{dir}/./{name}", "unix://{dir}/sub/../{name}",
        "unix://{dir}//{name}", "unix://localhost{path}", "unix:{path}", "unix://{dir}/%6f{rest}",
        "UNIX://{path}", "unix://{path}?x=1", "unix://{path}#f" })
    void addrOfAnotherLiveSocketIsRefusedAndThatSocketIsNeverConnected(String form) throws Exception {
        Path socket = socketDir().resolve("other-" + UUID.randomUUID().toString().substring(0, 8) + ".sock");
        String name = socket.getFileName().toString();
        String addr = form.replace("{path}", socket.toString()).replace("{dir}", socket.getParent().toString())
                .replace("{name}", name).replace("{rest}", name.substring(1));
        try (ConnectionCounter other = new ConnectionCounter(socket)) {
            URI url = UriComponentsBuilder.fromUri(this.tracker.httpStreamUrl()).queryParam("addr", addr).encode()
                    .build().toUri();

            HttpResponse<byte[]> refused = getRaw(url);

            assertThat(refused.statusCode()).as(addr).isIn(400, 404);
            // a quiet period, for an assertion that nothing happens: the other socket gets no connection
            assertQuietFor(Duration.ofMillis(100), () -> assertThat(other.connections())
                    .as("connections to " + socket).isZero());
            // the counter does count: a direct connection shows up
            AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socket)).close();
            await().until(() -> other.connections() == 1);
        }
    }

    @Test
    void addrOfTheTrackersOwnSocketIsNotFound() {
        int tracked = this.tracker.numRequests();
        assertThat(getRaw(this.tracker.proxyStreamHttpUrl(this.tracker.url())).statusCode()).isEqualTo(404);
        assertThat(getRaw(this.tracker.proxyStreamHttpUrl(UnixTransport.url(socketDir()))).statusCode())
                .isEqualTo(404);
        assertThat(this.tracker.numRequests()).isEqualTo(tracked);
    }

    private ResponseEntity<byte[]> getStream(URI url) {
        return this.rest.exchange(RequestEntity.get(url).build(), byte[].class);
    }

    private static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }
}
