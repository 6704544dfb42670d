package io.acomm.spring.boot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.internal.util.RateLimitedLog;
import io.acomm.test.TestHttp.RawHttpResponse;
import io.acomm.test.TestHttpServer;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.unit.DataSize;

import static io.acomm.test.TestHttp.ACK_JSON;
import static io.acomm.test.TestHttp.errorOfAck;
import static io.acomm.test.TestHttp.postRaw;
import static io.acomm.test.TestHttp.rawHttp;
import static io.acomm.test.TestSupport.assertQuietFor;
import static io.acomm.test.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The responses intake of a running web application under hostile input, over real HTTP: bodies over
 * {@code acomm.http.max-body-size} (1KB here, so that the limit is cheap to reach), malformed JSON, wrong shapes,
 * invalid UTF-8, replays and random bytes. Whatever comes in, the answer is a 4xx with an error ack, nothing reaches
 * the original hook of the proxied request, and the request stays tracked until its proper response arrives, which
 * is then forwarded exactly once.
 * <p>
 * This is the shared web application with one more property, so Spring's test context cache starts a second
 * application for these tests alone.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "acomm.http.max-body-size=" + AcommHttpIntakeHostileTests.LIMIT + "B")
class AcommHttpIntakeHostileTests extends AbstractAcommWebTests {

    static final int LIMIT = 1024;

    private static final String REFUSED = "acomm response refused on the HTTP intake";

    private static final int FUZZ_POSTS = 10_000;

    private static final int FUZZ_CLIENTS = 4;

    @Autowired
    AcommProperties properties;

    @Autowired
    LoggingSystem loggingSystem;

    /** The original hook of the requests proxied in these tests: counts what the tracker forwards. */
    private TestHttpServer origin;

    private final List<Request> proxied = new ArrayList<>();

    @BeforeEach
    void startOrigin() throws IOException {
        this.origin = TestHttpServer.start();
    }

    @AfterEach
    void stopOrigin() {
        // a failed test leaves its request tracked: do not let the next one fail for it
        this.proxied.forEach(this.tracker::removeRequest);
        this.origin.close();
    }

    @Test
    void theConfiguredLimitIsTheIntakesLimit() {
        assertThat(this.properties.getHttp().getMaxBodySize()).isEqualTo(DataSize.ofBytes(LIMIT));
    }

    @ParameterizedTest(name = "chunked={0}")
    @ValueSource(booleans = { false, true })
    void bodyOneByteOverTheLimitIsRefusedWith413AndTheRequestStaysTracked(boolean chunked) {
        Request external = proxied("over.limit");
        String error = assertRefused(post(responseOfSize(external, LIMIT + 1), chunked), 413);
        // the message tells the declared length from the one counted while reading
        assertThat(error).isEqualTo(chunked ? "body exceeds the maximum of " + LIMIT + " bytes"
                : "body of " + (LIMIT + 1) + " bytes exceeds the maximum of " + LIMIT);
        assertStillTrackedThenForwardedOnce(external);
    }

    @ParameterizedTest(name = "chunked={0}")
    @ValueSource(booleans = { false, true })
    void bodyExactlyAtTheLimitIsTaken(boolean chunked) {
        Request external = proxied("at.limit");
        byte[] body = responseOfSize(external, LIMIT);

        HttpResponse<byte[]> answer = post(body, chunked);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(ACK_JSON);
        Response forwarded = forwardedOnce();
        assertThat(forwarded.id()).isEqualTo(external.id());
        assertThat(forwarded.rawResult().asString()).isEqualTo(this.json.decodeResponse(body).rawResult().asString());
    }

    @Test
    void declaredLengthFarOverTheLimitIsRefusedBeforeAnyOfTheBodyIsSent() throws IOException {
        long declared = 1L << 40;
        RawHttpResponse answer = rawHttp(this.port, head("Content-Length: " + declared), new byte[0]);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(errorOfAck(answer.body())).contains("body of " + declared + " bytes exceeds the maximum of "
                + LIMIT);
    }

    @Test
    void chunkedBodyThatNeverEndsIsRefusedOnceItPassesTheLimit() throws IOException {
        byte[] chunk = " ".repeat(2 * LIMIT).getBytes(StandardCharsets.US_ASCII);
        byte[] firstChunkOnly = (Integer.toHexString(chunk.length) + "\r\n" + new String(chunk,
                StandardCharsets.US_ASCII) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        RawHttpResponse answer = rawHttp(this.port, head("Transfer-Encoding: chunked"), firstChunkOnly);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(errorOfAck(answer.body())).contains("body exceeds the maximum of " + LIMIT + " bytes");
    }

    /**
     * Each body is posted while a proxied request is tracked; {@code ID} stands for that request's id.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"id\":                               | 400 | invalid response JSON",
            "{\"id\":\"ID\"                         | 400 | invalid response JSON",
            "{\"id\":\"ID\",\"result\":             | 400 | invalid response JSON",
            "{\"id\":\"ID\",\"result\":[1,}         | 400 | invalid response JSON",
            "{id:\"ID\"}                            | 400 | invalid response JSON",
            "{'id':'ID'}                            | 400 | invalid response JSON",
            "[]                                     | 400 | a response must be an object",
            "[{\"id\":\"ID\"}]                      | 400 | a response must be an object",
            "42                                     | 400 | a response must be an object",
            "\"ID\"                                 | 400 | a response must be an object",
            "true                                   | 400 | a response must be an object",
            "null                                   | 400 | invalid response: null",
            "{\"id\":42}                            | 400 | 'id' must be a string",
            "{\"id\":[\"ID\"]}                      | 400 | 'id' must be a string",
            "{\"id\":{\"id\":\"ID\"}}               | 400 | 'id' must be a string",
            "{\"id\":true}                          | 400 | 'id' must be a string",
            "{\"id\":\"ID\",\"error\":{}}           | 400 | 'error' must be a string",
            "{\"id\":\"ID\",\"error\":500}          | 400 | 'error' must be a string",
            "{\"id\":\"ID\",\"stream_url\":5}       | 400 | 'stream_url' must be a URL",
            "{\"id\":\"ID\",\"stream_url\":\"unix://%zz\"} | 400 | invalid URL in 'stream_url'",
            "{}                                     | 404 | no tracked request: null",
            "{\"result\":\"ID\",\"error\":\"\"}     | 404 | no tracked request: null",
            "{\"id\":null,\"result\":\"ID\"}        | 404 | no tracked request: null",
            "{\"id\":\"\"}                          | 404 | no tracked request: ",
            "{\"id\":\"ID \"}                       | 404 | no tracked request: ID ",
            "{\"id\":\"xID\"}                       | 404 | no tracked request: xID",
            "{\"ID\":\"ID\"}                        | 404 | no tracked request: null",
            "{\"id\":\"\\u0000ID\"}                 | 404 | no tracked request: ",
    })
    void malformedOrWrongShapeIsRefusedWithAnErrorAckAndNothingIsHandled(String body, int status, String error) {
        Request external = proxied("shapes");
        byte[] bytes = body.replace("ID", external.id()).getBytes(StandardCharsets.UTF_8);

        String refusal = assertRefused(post(bytes, false), status);

        assertThat(refusal).contains(error.replace("ID", external.id()));
        assertStillTrackedThenForwardedOnce(external);
    }

    @Test
    void whitespaceOnlyBodyIsMalformed() {
        assertThat(assertRefused(post(" \r\n\t ".getBytes(StandardCharsets.US_ASCII), false), 400))
                .contains("invalid response JSON");
    }

    /**
     * Invalid UTF-8 before the JSON, inside the id after the tracked request's id, or in place of one of the id's
     * characters: an overlong form such as {@code c0 ad} is not taken for the {@code -} it would spell.
     */
    @ParameterizedTest(name = "[{index}] {1} {0}")
    @CsvSource(delimiter = '|', value = {
            "after id  | ff",
            "after id  | fe",
            "after id  | 80",
            "after id  | c328",
            "after id  | e282",
            "after id  | f09f98",
            "after id  | eda080",
            "after id  | f4908080",
            "before    | ff",
            "before    | efbbbfff",
            "for dash  | c0ad",
            "for dash  | e080ad",
            "for dash  | f08080ad",
    })
    void invalidUtf8IsRefusedWith400AndNothingIsHandled(String where, String hex) {
        Request external = proxied("utf8");
        byte[] invalid = HexFormat.of().parseHex(hex);
        String id = external.id();
        byte[] json = ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        int at = switch (where) {
            case "before" -> 0;
            case "after id" -> json.length - 2;
            default -> "{\"id\":\"".length() + id.indexOf('-');
        };
        int replaced = where.equals("for dash") ? 1 : 0;
        byte[] body = new byte[json.length - replaced + invalid.length];
        System.arraycopy(json, 0, body, 0, at);
        System.arraycopy(invalid, 0, body, at, invalid.length);
        System.arraycopy(json, at + replaced, body, at + invalid.length, json.length - at - replaced);

        assertThat(assertRefused(post(body, false), 400)).isEqualTo("invalid response: not valid UTF-8");
        assertStillTrackedThenForwardedOnce(external);
    }

    @Test
    void theSameResponseTwiceIsHandledOnce() throws Exception {
        Request external = proxied("replayed");
        byte[] response = this.json.encode(Response.success(external, "once"));

        HttpResponse<byte[]> first = post(response, false);
        HttpResponse<byte[]> second = post(response, false);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo(ACK_JSON);
        assertThat(assertRefused(second, 404)).isEqualTo("no tracked request: " + external.id());
        assertThat(forwardedOnce().rawResult().asString()).isEqualTo("once");
    }

    @Test
    void theSameResponseRacedEightTimesIsTakenOnceAndForwardedOnce() throws Exception {
        Request external = proxied("raced");
        byte[] response = this.json.encode(Response.success(external, "raced"));
        int racers = 8;
        ExecutorService executor = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                statuses.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return post(response, false).statusCode();
                }, executor));
            }
            start.countDown();
            List<Integer> answered = statuses.stream().map(TestSupport::resultOf).toList();
            assertThat(answered).filteredOn(status -> status == 200).hasSize(1);
            assertThat(answered).filteredOn(status -> status == 404).hasSize(racers - 1);
        }
        finally {
            executor.shutdownNow();
        }
        assertThat(forwardedOnce().rawResult().asString()).isEqualTo("raced");
    }

    /**
     * A context of its own: the refusals are logged rate-limited, and other tests' refusals would use up the lines.
     */
    @Test
    @DirtiesContext(methodMode = DirtiesContext.MethodMode.BEFORE_METHOD)
    void refusalIsLoggedAtWarnOnOneLineWithoutAStackTraceAndRateLimited(CapturedOutput output) {
        String forgedId = "forged\r\n12:00:00.000 ERROR [main] i.a.s.b.AcommHttpController - FORGED entry";
        String[] bodies = { "{\"id\": ", "[\"not an object\"]",
            "{\"id\":\"" + forgedId.replace("\r", "\\r").replace("\n", "\\n") + "\"}",
            "{\"id\":\"" + "x".repeat(LIMIT - 16) + "\"}", "y".repeat(LIMIT + 1) };
        assertThat(bodies).hasSize(RateLimitedLog.LINES_PER_PERIOD);
        for (String body : bodies) {
            int status = post(body.getBytes(StandardCharsets.UTF_8), false).statusCode();
            assertThat(status).isBetween(400, 499);
        }
        // beyond the lines of a minute, refusals are still answered but not logged
        for (int i = 0; i < 3; i++) {
            assertThat(post("{\"id\": ".getBytes(StandardCharsets.UTF_8), false).statusCode()).isEqualTo(400);
        }

        List<String> lines = output.getAll().lines().toList();
        List<String> refusals = lines.stream().filter(line -> line.contains(REFUSED)).toList();
        assertThat(refusals).hasSize(bodies.length);
        assertThat(refusals).allSatisfy(line -> assertThat(line).contains(" WARN ")
                .contains("AcommHttpEndpoints"));
        assertThat(refusals).anySatisfy(line -> assertThat(line).contains("forged").contains("FORGED entry"));
        assertThat(lines).filteredOn(line -> line.contains("FORGED entry")).hasSize(1);
        assertThat(refusals).as("no attacker-sized log lines").allSatisfy(line ->
                assertThat(line.length()).isLessThan(LIMIT / 2 + 200));
        assertThat(lines).as("no stack trace").noneMatch(line -> line.startsWith("\tat ")
                || line.matches("^\\s+at .*") || line.startsWith("Caused by"));
    }

    /**
     * Random bytes, random JSON-like text, a valid response mangled in random ways and responses with random id
     * values, posted with a {@code Content-Length} or chunked: each is refused with a 4xx and an error ack, nothing
     * is handled, and a proper response is taken and forwarded afterwards. Four clients post at once, each from its
     * own seed ({@code -Dacomm.fuzz.seed} plus its number); a failure names the seed, the iteration and the body.
     */
    @Test
    void tenThousandHostileBodiesAreEachRefusedWithAnErrorAckAndTheIntakeStillWorks() throws Exception {
        long seed = Long.getLong("acomm.fuzz.seed", 20_261_124L);
        Request external = proxied("fuzzed");
        Map<Integer, Integer> statuses = new TreeMap<>();
        String logger = AcommHttpEndpoints.class.getName();
        // each refusal is logged at WARN; ten thousand of them would only flood the test output
        this.loggingSystem.setLogLevel(logger, LogLevel.ERROR);
        ExecutorService clients = Executors.newFixedThreadPool(FUZZ_CLIENTS);
        try {
            List<CompletableFuture<Map<Integer, Integer>>> runs = new ArrayList<>();
            for (int client = 0; client < FUZZ_CLIENTS; client++) {
                long clientSeed = seed + client;
                runs.add(CompletableFuture.supplyAsync(() -> fuzz(clientSeed, FUZZ_POSTS / FUZZ_CLIENTS), clients));
            }
            for (CompletableFuture<Map<Integer, Integer>> run : runs) {
                run.get(60, TimeUnit.SECONDS).forEach((status, count) ->
                        statuses.merge(status, count, Integer::sum));
            }
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof AssertionError assertion) {
                throw assertion;
            }
            throw ex;
        }
        finally {
            clients.shutdownNow();
            this.loggingSystem.setLogLevel(logger, null);
        }
        assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(FUZZ_POSTS);
        assertThat(statuses).as("statuses seen").containsOnlyKeys(400, 404, 413);
        assertThat(this.origin.exchanges()).isEmpty();
        assertThat(this.tracker.numRequests()).isEqualTo(1);

        HttpResponse<byte[]> proper = post(this.json.encode(Response.success(external,
                Map.of("survived", statuses))), false);
        assertThat(proper.statusCode()).isEqualTo(200);
        Response forwarded = forwardedOnce();
        assertThat(forwarded.id()).isEqualTo(external.id());
        assertThat(forwarded.isError()).isFalse();
        assertThat(forwarded.rawResult().get("survived").get("400").asInt()).isEqualTo(statuses.get(400));
    }

    /**
     * Posts hostile bodies from one seeded random source and checks each answer.
     * @return how many answers had which status
     */
    private Map<Integer, Integer> fuzz(long seed, int posts) {
        Random random = new Random(seed);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < posts; i++) {
            byte[] body = hostileBody(random);
            boolean chunked = random.nextInt(4) == 0;
            HttpResponse<byte[]> answer = post(body, chunked);
            try {
                assertThat(answer.statusCode()).isIn(400, 404, 413);
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
                errorOfAck(answer.body());
            }
            catch (AssertionError ex) {
                fail("seed " + seed + ", iteration " + i + ", chunked " + chunked + ", body (base64) "
                        + Base64.getEncoder().encodeToString(body) + ": HTTP " + answer.statusCode() + " "
                        + new String(answer.body(), StandardCharsets.UTF_8), ex);
            }
            statuses.merge(answer.statusCode(), 1, Integer::sum);
        }
        return statuses;
    }

    /** Pieces of valid JSON string content: characters, escapes, a surrogate pair, an escaped NUL. */
    private static final String[] STRING_PARTS = { "a", "Z", "-", " ", "/", "\\\"", "\\\\", "\\n", "\\r",
        "\\u0000", "\\ud83d\\ude00", "\\ud800", "\u00e9", "\u2603", "\ud83d\ude00", "\u2028" };

    private static final String JSONISH = "{}[]\":,0123456789.eE+-truefalsn idresult_stream\\u/ ";

    /**
     * A body that is never a response to the tracked request: its id, if it has one, is a fresh random UUID.
     */
    private byte[] hostileBody(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> randomBytes(random, random.nextInt(LIMIT + 300));
            case 1 -> randomText(random, JSONISH, random.nextInt(200)).getBytes(StandardCharsets.UTF_8);
            case 2 -> mangle(random, validResponse(random));
            default -> ("{\"id\":" + randomJsonValue(random, 0) + ",\"result\":" + randomJsonValue(random, 0)
                    + ",\"error\":\"\",\"stream_url\":null}").getBytes(StandardCharsets.UTF_8);
        };
    }

    private byte[] validResponse(Random random) {
        Request request = Request.builder().id(new UUID(random.nextLong(), random.nextLong()).toString())
                .responseHook(this.origin.hook()).build();
        return random.nextBoolean()
                ? this.json.encode(Response.success(request, Map.of("k", List.of(1, "two", true)),
                        URI.create("unix:///tmp/acomm-stream-x.sock")))
                : this.json.encode(Response.failure(request, "went wrong"));
    }

    private static byte[] mangle(Random random, byte[] valid) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : valid) {
            bytes.add(b);
        }
        for (int mutations = 1 + random.nextInt(4); mutations > 0 && !bytes.isEmpty(); mutations--) {
            int at = random.nextInt(bytes.size());
            switch (random.nextInt(4)) {
                case 0 -> bytes.set(at, (byte) random.nextInt(256));
                case 1 -> bytes.subList(at, Math.min(bytes.size(), at + 1 + random.nextInt(8))).clear();
                case 2 -> bytes.add(at, (byte) JSONISH.charAt(random.nextInt(JSONISH.length())));
                default -> bytes.subList(at, bytes.size()).clear();
            }
        }
        byte[] mangled = new byte[bytes.size()];
        for (int i = 0; i < mangled.length; i++) {
            mangled[i] = bytes.get(i);
        }
        return mangled;
    }

    private static String randomJsonValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextBoolean());
            case 2 -> String.valueOf(random.nextInt(3) == 0 ? random.nextDouble() * 1e300 : random.nextLong());
            case 3, 4 -> "\"" + random.ints(random.nextInt(12), 0, STRING_PARTS.length)
                    .mapToObj(part -> STRING_PARTS[part]).collect(Collectors.joining()) + "\"";
            case 5 -> "[" + randomJsonValue(random, depth + 1) + "," + randomJsonValue(random, depth + 1) + "]";
            default -> "{\"" + (random.nextBoolean() ? "id" : "x") + "\":" + randomJsonValue(random, depth + 1) + "}";
        };
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String randomText(Random random, String alphabet, int length) {
        int[] codePoints = alphabet.codePoints().toArray();
        return random.ints(length, 0, codePoints.length).map(i -> codePoints[i])
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private Request proxied(String task) {
        Request request = Request.builder().task(task).responseHook(this.origin.hook()).build();
        this.proxied.add(request);
        return this.tracker.proxyExternal(request, Duration.ofSeconds(30));
    }

    private HttpResponse<byte[]> post(byte[] body, boolean chunked) {
        return postRaw(this.tracker.externalProxyUrl(), body, chunked);
    }

    private String head(String framing) {
        return "POST /acomm/responses HTTP/1.1\r\nHost: 127.0.0.1:" + this.port
                + "\r\nContent-Type: application/json\r\n" + framing + "\r\n\r\n";
    }

    /**
     * @return a response to the request whose JSON is exactly {@code size} bytes long
     */
    private byte[] responseOfSize(Request request, int size) {
        int overhead = this.json.encode(Response.success(request, "")).length;
        byte[] body = this.json.encode(Response.success(request, "x".repeat(size - overhead)));
        assertThat(body).hasSize(size);
        return body;
    }

    /**
     * Asserts a refusal as the protocol asks for it: the status, and an error ack as JSON.
     * @return the ack's error
     */
    private static String assertRefused(HttpResponse<byte[]> answer, int status) {
        assertThat(answer.statusCode()).as("HTTP status of %s", new String(answer.body(), StandardCharsets.UTF_8))
                .isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        return errorOfAck(answer.body());
    }

    /**
     * Asserts that nothing reached the original hook and that the request is still tracked: its proper response
     * is taken and forwarded, once.
     */
    private void assertStillTrackedThenForwardedOnce(Request external) {
        assertThat(this.origin.exchanges()).isEmpty();
        HttpResponse<byte[]> proper = post(this.json.encode(Response.success(external, "proper")), false);
        assertThat(proper.statusCode()).as("the proper response after the refusal").isEqualTo(200);
        await().until(() -> !this.origin.exchanges().isEmpty());
        assertThat(this.origin.exchanges()).hasSize(1);
        Response forwarded = this.json.decodeResponse(this.origin.exchanges().get(0).body());
        assertThat(forwarded.id()).isEqualTo(external.id());
        assertThat(forwarded.rawResult().asString()).isEqualTo("proper");
    }

    /**
     * Waits for the one response forwarded to the original hook, then a little longer to see that no second one
     * follows.
     */
    private Response forwardedOnce() {
        await().until(() -> !this.origin.exchanges().isEmpty());
        // a quiet period, for an assertion that nothing happens: no second response follows
        assertQuietFor(Duration.ofMillis(200), () -> assertThat(this.origin.exchanges())
                .as("responses forwarded to the original hook").hasSize(1));
        return this.json.decodeResponse(this.origin.exchanges().get(0).body());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
