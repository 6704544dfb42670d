package io.acomm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.acomm.internal.util.RateLimitedLog;
import io.acomm.test.ListenerUnderTest;
import io.acomm.test.LogCapture;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.newsclub.net.unix.AFUNIXSocket;

import static io.acomm.test.TestSupport.assertClosedByPeer;
import static io.acomm.test.TestSupport.frame;
import static io.acomm.test.TestSupport.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input against one listener, the same cases for the tracker and the provider: each case must end in an
 * error ack (when the connection still allows one) or a clean close, be logged as one WARN line without a stack
 * trace, process nothing, and leave the listener serving a valid message right afterwards.
 * <p>
 * Payloads are written with two placeholders: {@code $ID} is replaced by an id the listener would accept in a
 * valid message (for a tracker, a tracked request's id, which must still be tracked after the hostile message), and
 * {@code $KIND} by {@code request} or {@code response}. Subclasses add {@code static Stream<Arguments>
 * wrongShapes()}, usually {@link #commonShapes()} and the shapes that only their listener refuses.
 * @param <T> the listener under test
 */
abstract class HostileInputSuite<T extends ListenerUnderTest> {

    private static final long MAX = FrameCodec.DEFAULT_MAX_FRAME_SIZE;

    /** What refusing a frame may allocate: the header, an exception, a log line and the ack, far below any frame. */
    private static final long ALLOCATION_BUDGET = 1024 * 1024;

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @TempDir
    Path dir;

    T target;

    abstract T start(Path dir) throws IOException;

    @BeforeEach
    void startTarget() throws IOException {
        this.target = start(this.dir);
        assertThat(this.target.listenerThreads()).as("listener threads").isPositive();
        this.log.clear();
    }

    @AfterEach
    void closeTarget() {
        if (this.target != null) {
            this.target.close();
        }
    }

    // ---- helpers ----

    /**
     * Connects, writes raw bytes, half-closes if asked, and reads the ack; the listener must close the connection
     * after it.
     */
    Response exchange(byte[] raw, boolean halfClose) throws IOException {
        try (AFUNIXSocket client = TestSupport.connect(this.target.socket())) {
            client.getOutputStream().write(raw);
            if (halfClose) {
                TestSupport.halfClose(client);
            }
            Response ack = AcommJson.defaults().decodeResponse(FrameCodec.defaults().readFrame(client));
            assertClosedByPeer(client);
            return ack;
        }
    }

    /** Replaces the placeholders; the text's characters up to U+00FF stand for single bytes. */
    byte[] payload(String template, String id) {
        return template.replace("$ID", id).replace("$KIND", this.target.kind()).getBytes(StandardCharsets.ISO_8859_1);
    }

    String reason(String template) {
        return template.replace("$KIND", this.target.kind());
    }

    /**
     * The ending every hostile case shares: an error ack (an empty id) with the reason, one WARN line with it and
     * no stack trace, and the listener still serving a valid message, here one with the id the hostile message
     * carried, if any.
     */
    void assertRefused(Response ack, String reason, String id) throws IOException {
        assertThat(ack.error()).as("error ack").isNotNull().contains(reason);
        assertThat(ack.id()).as("ack id").isEmpty();
        this.target.assertServes(id);
        this.log.assertOneWarning(reason);
    }

    void assertRefused(Response ack, String reason) throws IOException {
        assertRefused(ack, reason, this.target.newId());
    }

    void assertRefusedFramed(String template, String reasonTemplate) throws IOException {
        String id = this.target.newId();
        assertRefused(exchange(frame(payload(template, id)), false), reason(reasonTemplate), id);
    }

    // ---- frames ----

    @Test
    void aZeroLengthIsRefused() throws IOException {
        assertRefused(exchange(header(0, new byte[0]), false), "empty frame (declared length 0)");
    }

    /**
     * Only the header is sent: an ack that arrives proves the body was never waited for, and the listener's
     * threads (per-thread allocation counters) must not allocate anything near the declared size.
     */
    @ParameterizedTest(name = "declared length {0}")
    @ValueSource(longs = { FrameCodec.DEFAULT_MAX_FRAME_SIZE + 1L, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL })
    void aDeclaredLengthOverTheMaximumIsRefusedBeforeAnyAllocation(long declared) throws IOException {
        long before = TestSupport.allocatedBytes(this.target.threadPrefix());

        Response ack = exchange(header(declared, new byte[0]), false);

        long allocated = TestSupport.allocatedBytes(this.target.threadPrefix()) - before;
        assertThat(allocated).as("bytes the listener allocated to refuse %s declared bytes", declared)
                .isLessThan(ALLOCATION_BUDGET);
        assertRefused(ack, "frame of " + declared + " bytes exceeds the maximum of " + MAX);
    }

    /**
     * One connection more than the listener has workers, each sending a header and then nothing: every one is
     * timed out, the last only once a worker was freed by the read timeout.
     */
    @Test
    void aHeaderThenSilenceIsTimedOutAndFreesItsWorker() throws IOException {
        int connections = this.target.listenerThreads() + 1;
        List<AFUNIXSocket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                AFUNIXSocket client = TestSupport.connect(this.target.socket());
                clients.add(client);
                client.getOutputStream().write(header(100, new byte[0]));
            }
            for (AFUNIXSocket client : clients) {
                Response ack = AcommJson.defaults().decodeResponse(FrameCodec.defaults().readFrame(client));
                assertThat(ack.error()).isEqualTo("timed out after " + ListenerUnderTest.READ_TIMEOUT.toMillis()
                        + " ms reading the frame payload");
                assertClosedByPeer(client);
            }
        }
        finally {
            for (AFUNIXSocket client : clients) {
                client.close();
            }
        }
        this.target.assertServes();
        assertThat(this.log.warnings()).as("rate-limited warnings")
                .hasSize(Math.min(connections, RateLimitedLog.LINES_PER_PERIOD))
                .allMatch(line -> line.contains("timed out after"));
        this.log.assertNoStackTraces();
    }

    @Test
    void aThousandStalledPeersDoNotDelayAValidMessage() throws Exception {
        List<AFUNIXSocket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                AFUNIXSocket client = TestSupport.connect(this.target.socket());
                stalled.add(client);
                if (i % 2 == 0) {
                    // half a header; the others send nothing at all
                    client.getOutputStream().write(new byte[] { 0, 0 });
                }
            }
            long start = System.nanoTime();
            this.target.assertServes();
            long servedInMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            // a listener that gave each stalled peer a thread until its read timeout would need minutes
            assertThat(servedInMillis).as("ms to serve a valid message next to 1,000 stalled peers")
                    .isLessThan(1000);
        }
        finally {
            for (AFUNIXSocket client : stalled) {
                client.close();
            }
        }
        this.target.assertServes();
    }

    static Stream<Arguments> silences() {
        return Stream.of(
                Arguments.of(Named.of("nothing", new byte[0]), "header"),
                Arguments.of(Named.of("half a header", new byte[] { 0, 0 }), "header"),
                Arguments.of(Named.of("10 of 100 bytes", header(100, new byte[10])), "payload"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("silences")
    void silenceAfterPartOfAFrameIsTimedOut(byte[] sent, String part) throws IOException {
        long start = System.nanoTime();
        Response ack = exchange(sent, false);
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds until the error ack")
                .isGreaterThanOrEqualTo(ListenerUnderTest.READ_TIMEOUT.toMillis() - 10);
        assertRefused(ack, "timed out after " + ListenerUnderTest.READ_TIMEOUT.toMillis() + " ms reading the frame "
                + part);
    }

    static Stream<Arguments> truncations() {
        return Stream.of(
                Arguments.of(Named.of("nothing", new byte[0]), "connection closed before a frame arrived"),
                Arguments.of(Named.of("half a header", new byte[] { 0, 0 }),
                        "truncated frame: connection closed after 2 of 4 header bytes"),
                Arguments.of(Named.of("9 of 100 bytes", header(100, TestSupport.utf8("{\"id\":\"ab"))),
                        "truncated frame: connection closed after 9 of 100 payload bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truncations")
    void aTruncatedFrameThenAHalfCloseGetsAnErrorAck(byte[] sent, String reason) throws IOException {
        assertRefused(exchange(sent, true), reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truncations")
    void aTruncatedFrameThenACloseIsLoggedAndForgotten(byte[] sent, String reason) throws IOException {
        try (AFUNIXSocket client = TestSupport.connect(this.target.socket())) {
            client.getOutputStream().write(sent);
        }
        this.log.awaitWarning(reason);
        this.target.assertServes();
        this.log.assertOneWarning(reason);
    }

    // ---- payloads ----

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of(Named.of("a bad continuation byte", "{\"id\":\"\u00c3(\"}")),
                Arguments.of(Named.of("the byte 0xFF", "{\"id\":\"$ID\u00ff\"}")),
                Arguments.of(Named.of("a lone continuation byte", "{\"id\":\"\u0080$ID\"}")),
                Arguments.of(Named.of("a sequence cut short", "{\"id\":\"$ID\u00e2\u0082\"}")),
                Arguments.of(Named.of("an encoded surrogate", "{\"id\":\"$ID\u00ed\u00a0\u0080\"}")),
                Arguments.of(Named.of("in a field nobody reads", "{\"id\":\"$ID\",\"zz\":\"\u00ff\"}")),
                Arguments.of(Named.of("an overlong '-' that lenient decoders take", "{\"id\":\"$ID\u00c0\u00ad\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void invalidUtf8IsRefused(String template) throws IOException {
        assertRefusedFramed(template, "invalid $KIND: not valid UTF-8");
    }

    static Stream<Arguments> invalidJson() {
        return Stream.of(
                Arguments.of(Named.of("cut short", "{\"id\":")),
                Arguments.of(Named.of("not closed", "{\"id\":\"$ID\"")),
                Arguments.of(Named.of("unquoted names", "{id:\"$ID\"}")),
                Arguments.of(Named.of("a trailing comma", "{\"id\":\"$ID\",}")),
                Arguments.of(Named.of("garbage after the object", "{\"id\":\"$ID\"} garbage")),
                Arguments.of(Named.of("two objects", "{\"id\":\"$ID\"}{\"id\":\"$ID\"}")),
                Arguments.of(Named.of("blanks only", "   ")),
                Arguments.of(Named.of("a raw NUL in a string", "{\"id\":\"$ID\u0000\"}")),
                Arguments.of(Named.of("nesting 5000 deep",
                        "{\"id\":\"$ID\",\"zz\":" + "[".repeat(5000) + "]".repeat(5000) + "}")),
                Arguments.of(Named.of("a number of 5000 digits", "{\"id\":\"$ID\",\"zz\":1" + "0".repeat(5000) + "}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidJson")
    void invalidJsonIsRefused(String template) throws IOException {
        assertRefusedFramed(template, "invalid $KIND JSON");
    }

    /** The shapes that every listener refuses, with the reason; see {@link #payload} for the placeholders. */
    static Stream<Arguments> commonShapes() {
        return Stream.of(
                shape("an array", "[{\"id\":\"$ID\"}]", "a $KIND must be an object"),
                shape("a number", "42", "a $KIND must be an object"),
                shape("a string", "\"$ID\"", "a $KIND must be an object"),
                shape("a boolean", "true", "a $KIND must be an object"),
                shape("null", "null", "invalid $KIND: null"),
                shape("an id that is a number", "{\"id\":42}", "'id' must be a string"),
                shape("an id that is an object", "{\"id\":{\"id\":\"$ID\"}}", "'id' must be a string"),
                shape("an id that is an array", "{\"id\":[\"$ID\"]}", "'id' must be a string"),
                shape("no id", "{}", "invalid $KIND: missing id"),
                shape("an empty id", "{\"id\":\"\"}", "invalid $KIND: missing id"),
                shape("a null id", "{\"id\":null}", "invalid $KIND: missing id"),
                shape("a stream url that is a number", "{\"id\":\"$ID\",\"stream_url\":5}",
                        "'stream_url' must be a URL object or string"),
                shape("a stream url that is no URL", "{\"id\":\"$ID\",\"stream_url\":\"::no url\"}",
                        "invalid URL in 'stream_url'"));
    }

    static Arguments shape(String name, String template, String reason) {
        return Arguments.of(Named.of(name, template), reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongShapes")
    void jsonOfTheWrongShapeIsRefused(String template, String reason) throws IOException {
        assertRefusedFramed(template, reason);
    }
}
