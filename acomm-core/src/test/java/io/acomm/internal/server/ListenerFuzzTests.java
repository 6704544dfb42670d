package io.acomm.internal.server;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import io.acomm.FrameException;
import io.acomm.PeerFilter;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.UrlFormat;
import io.acomm.test.ListenerUnderTest;
import io.acomm.test.LogCapture;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.newsclub.net.unix.AFUNIXSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded random-bytes fuzz loop against each listener: 10,000 inputs, from raw noise to valid messages with a few
 * bytes changed, each sent on its own connection and followed by a half-close. Every input must end in an ack (an
 * error ack, or an ok one for an input that happens to be valid) or a clean close, never in a hang, an internal
 * error or a stack trace; every worker thread must survive; and a valid round trip must work at the end. The ids
 * come from the seed too, but the messages hold the test's temporary socket paths, so a failure names the seed, the
 * input's index and the input's bytes, which replay it.
 */
class ListenerFuzzTests {

    private static final long SEED = 0x5EED_AC044L;

    private static final int INPUTS = 10_000;

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @TempDir
    Path dir;

    @FunctionalInterface
    interface Starter {
        ListenerUnderTest start(Path dir) throws IOException;
    }

    static Stream<Named<Starter>> listeners() {
        return Stream.of(
                Named.of("tracker", dir -> ListenerUnderTest.tracker(dir, PeerFilter.currentUserAndRoot())),
                Named.of("provider", dir -> ListenerUnderTest.provider(dir, PeerFilter.currentUserAndRoot())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listeners")
    void tenThousandSeededRandomInputs(Starter starter) throws IOException {
        try (ListenerUnderTest target = starter.start(this.dir)) {
            Set<String> workers = TestSupport.listenerWorkers(target.name());
            Random random = new Random(SEED);
            Fuzzer fuzzer = new Fuzzer(random, templates(target, random));
            Map<String, Integer> outcomes = new TreeMap<>();

            for (int i = 0; i < INPUTS; i++) {
                byte[] input = fuzzer.next();
                String outcome = send(target.socket(), input, i);
                outcomes.merge(outcome, 1, Integer::sum);
            }

            System.out.println("fuzz outcomes of the " + target.name() + ": " + outcomes);
            assertThat(outcomes).as("outcomes").doesNotContainKey("error ack: internal error");
            assertThat(outcomes.getOrDefault("ok ack", 0)).as("inputs that were still valid").isPositive();
            assertThat(outcomes.getOrDefault("error ack: invalid JSON", 0)).as("inputs refused by the decoder")
                    .isGreaterThan(INPUTS / 10);
            assertThat(outcomes.getOrDefault("error ack: frame", 0)).as("inputs refused by the codec")
                    .isGreaterThan(INPUTS / 10);
            this.log.assertNoStackTraces();
            assertThat(TestSupport.listenerWorkers(target.name())).as("worker threads after the fuzz")
                    .isEqualTo(workers);

            target.sendValid();
        }
    }

    /**
     * Valid messages the mutations start from, with ids from the seed; for a tracker they answer requests it
     * tracks.
     */
    private static List<byte[]> templates(ListenerUnderTest target, Random random) {
        List<byte[]> templates = new ArrayList<>();
        AcommJson json = AcommJson.defaults();
        AcommJson stringUrls = AcommJson.create(UrlFormat.STRING);
        URI stream = URI.create("unix:///tmp/acomm-stream-x.sock");
        for (int i = 0; i < 20; i++) {
            templates.add(target.validMessage(target.newId(seededId(random))));
            Request other = Request.builder().id(target.newId(seededId(random))).build();
            Request third = Request.builder().id(target.newId(seededId(random))).build();
            if (target instanceof ListenerUnderTest.TrackerTarget) {
                templates.add(json.encode(Response.failure(other, "disk full")));
                templates.add(stringUrls.encode(Response.success(third, Map.of("list", List.of(1, "two", 3.0),
                        "nested", Map.of("x", true))).withStreamUrl(stream)));
            }
            else {
                Request valid = json.decodeRequest(target.validMessage(other.id()));
                templates.add(stringUrls.encode(valid.toBuilder().task("nope").args(Map.of("list", List.of(1, "two")))
                        .build()));
                templates.add(json.encode(valid.toBuilder().id(third.id()).streamUrl(stream).build()));
            }
        }
        return templates;
    }

    private static String seededId(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /**
     * Sends one input and half-closes; returns how it ended, in categories.
     */
    private static String send(Path socket, byte[] input, int index) throws IOException {
        try (AFUNIXSocket client = TestSupport.connect(socket)) {
            try {
                client.getOutputStream().write(input);
                TestSupport.halfClose(client);
            }
            catch (IOException closedEarly) {
                // the listener refused the frame and closed before reading all of it: its ack may still be there
            }
            byte[] ack;
            try {
                ack = FrameCodec.defaults().readFrame(client);
            }
            catch (FrameException ex) {
                if (ex.getMessage().contains("timed out")) {
                    throw failure(input, index, "no ack and no close: " + ex.getMessage());
                }
                return "closed without ack";
            }
            catch (SocketTimeoutException ex) {
                throw failure(input, index, "no ack and no close");
            }
            catch (IOException reset) {
                return "closed without ack";
            }
            String error = AcommJson.defaults().decodeResponse(ack).error();
            if (error == null) {
                return "ok ack";
            }
            if (error.startsWith("internal error")) {
                throw failure(input, index, "internal error ack: " + error);
            }
            if (error.contains(" JSON: ")) {
                return "error ack: invalid JSON";
            }
            if (error.contains("frame")) {
                return "error ack: frame";
            }
            return "error ack: refused";
        }
    }

    private static AssertionError failure(byte[] input, int index, String what) {
        return new AssertionError(what + " for input " + index + " of seed " + Long.toHexString(SEED) + ": "
                + HexFormat.of().formatHex(input));
    }

    /**
     * Makes the inputs: raw noise, framed noise, framed mutations of valid messages (some with a length that does
     * not match), and framed JSON-like token soup.
     */
    private static final class Fuzzer {

        private static final String[] TOKENS = { "{", "}", "[", "]", ":", ",", "\"id\"", "\"error\"", "\"result\"",
            "\"stream_url\"", "\"responsehook\"", "\"task\"", "\"args\"", "\"Scheme\"", "\"Path\"", "\"Host\"",
            "\"unix\"", "\"\"", "\"x\"", "null", "true", "false", "0", "-1", "1e999", "1.5e-999",
            "99999999999999999999999", "\"\\u0000\"", "\"\\ud800\"", "\"unix:///tmp/x.sock\"", "\"ftp://x\"",
            "\"http://127.0.0.1:1/\"", "\"%zz\"", " ", "\"echo\"", "\"\\\"\"", "\u00ff", "\u00c3" };

        private static final String INSERTED = "{}[]\",:\\0 \u00ff";

        private final Random random;
        private final List<byte[]> templates;

        Fuzzer(Random random, List<byte[]> templates) {
            this.random = random;
            this.templates = templates;
        }

        byte[] next() {
            return switch (this.random.nextInt(6)) {
                case 0 -> noise(this.random.nextInt(41));
                case 1 -> TestSupport.frame(noise(1 + this.random.nextInt(200)));
                case 2, 3 -> TestSupport.frame(mutated(template()));
                case 4 -> mismatched(mutated(template()));
                default -> TestSupport.frame(soup());
            };
        }

        private byte[] template() {
            return this.templates.get(this.random.nextInt(this.templates.size()));
        }

        private byte[] noise(int length) {
            byte[] bytes = new byte[length];
            this.random.nextBytes(bytes);
            return bytes;
        }

        /** A frame whose header declares a little more or less than the payload it carries. */
        private byte[] mismatched(byte[] payload) {
            long declared = Math.max(0, payload.length + this.random.nextInt(21) - 10);
            return TestSupport.header(declared, payload);
        }

        private byte[] mutated(byte[] template) {
            List<Byte> bytes = new ArrayList<>(template.length + 8);
            for (byte b : template) {
                bytes.add(b);
            }
            int mutations = 1 + this.random.nextInt(4);
            for (int m = 0; m < mutations && !bytes.isEmpty(); m++) {
                int at = this.random.nextInt(bytes.size());
                switch (this.random.nextInt(5)) {
                    case 0 -> bytes.set(at, (byte) (bytes.get(at) ^ (1 << this.random.nextInt(8))));
                    case 1 -> bytes.set(at, (byte) this.random.nextInt(256));
                    case 2 -> bytes.add(at, (byte) INSERTED.charAt(this.random.nextInt(INSERTED.length())));
                    case 3 -> bytes.remove(at);
                    default -> {
                        // cut the message short
                        while (bytes.size() > at + 1) {
                            bytes.remove(bytes.size() - 1);
                        }
                    }
                }
            }
            byte[] result = new byte[bytes.size()];
            for (int i = 0; i < result.length; i++) {
                result[i] = bytes.get(i);
            }
            return result.length == 0 ? new byte[] { '{' } : result;
        }

        private byte[] soup() {
            StringBuilder text = new StringBuilder(this.random.nextBoolean() ? "{" : "");
            int tokens = 1 + this.random.nextInt(30);
            for (int i = 0; i < tokens; i++) {
                text.append(TOKENS[this.random.nextInt(TOKENS.length)]);
            }
            return text.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}
