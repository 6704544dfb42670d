package io.acomm.internal.json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.UrlFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import static io.acomm.test.TestSupport.tree;
import static io.acomm.test.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoded arguments and results are held as the raw JSON they arrived as: exactly the bytes of the value, parsed only
 * when asked for, and written back verbatim.
 */
class RawJsonTests {

    private static final String[] VALUES = { "[1, 2 ,3]", "[ ]", "{ \"x\" : [ {\"y\":\"}]\\\"\"} , -0.5e-3 ] }",
            "\"a\\\"b\\\\\"", "\"caf\u00e9 \u20ac \ud83d\ude00 \\u00e9 \\/ \\n\"", "\"\"", "12345678901234567890", "-1.5E+10",
            "0", "true", "false" };

    private final AcommJson json = AcommJson.defaults();

    static List<String> values() {
        return List.of(VALUES);
    }

    /** Each value between blanks, followed by another field or by the end of the object. */
    static Stream<Arguments> requests() {
        return values().stream().flatMap((value) -> Stream.of(
                "{\"id\":\"a\",\"args\":" + value + "}",
                "{ \"id\" : \"a\" , \"args\" :\n\t " + value + " \r\n}",
                "{\"args\":" + value + ",\"id\":\"a\"}",
                "{\"args\" : " + value + "\n, \"id\":\"a\", \"task\":\"t\"}")
                .map((request) -> Arguments.of(request, value)));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void decodedArgsHoldExactlyTheBytesOfTheValue(String request, String value) {
        Request decoded = this.json.decodeRequest(utf8(request));

        assertThat(decoded.heldArgs()).isInstanceOf(RawJson.class).hasToString(value);
        assertThat(utf8(decoded.heldArgs().toString())).isEqualTo(utf8(value));
        assertThat(decoded.args()).isEqualTo(tree(value));
    }

    @ParameterizedTest
    @MethodSource("values")
    void decodedResultHoldsExactlyTheBytesOfTheValue(String value) {
        Response decoded = this.json.decodeResponse(utf8("{\"error\" : \"\", \"result\" : " + value
                + " , \"id\" : \"a\"}"));

        assertThat(decoded.heldResult()).isInstanceOf(RawJson.class).hasToString(value);
        assertThat(decoded.result()).isEqualTo(tree(value));
    }

    @ParameterizedTest
    @MethodSource("values")
    void encodingADecodedMessageAgainWritesTheValueVerbatim(String value) {
        Request request = this.json.decodeRequest(utf8("{\"id\":\"a\",\"args\": " + value + " }"));
        Response response = this.json.decodeResponse(utf8("{\"id\":\"a\",\"result\": " + value + " }"));

        String forwardedRequest = utf8Text(this.json.encode(request.withResponseHook(URI.create("unix:///t.sock"))));
        String forwardedResponse = utf8Text(this.json.encode(response.withStreamUrl(URI.create("http://h/s"))));

        assertThat(forwardedRequest).contains("\"args\":" + value + "}");
        assertThat(forwardedResponse).contains("\"result\":" + value + ",");
        assertThat(utf8Text(AcommJson.create(UrlFormat.STRING).encode(request))).contains("\"args\":" + value + "}");
    }

    @Test
    void aLargeArrayOfNumbersIsHeldAsItsBytesAndWrittenBackAsTheyAre() {
        String numbers = IntStream.range(0, 100_000).mapToObj(Integer::toString)
                .collect(Collectors.joining(",", "[", "]"));
        byte[] frame = utf8("{\"id\":\"a\",\"task\":\"t\",\"responsehook\":\"unix:///x\",\"args\":" + numbers + "}");

        Request request = this.json.decodeRequest(frame);

        assertThat(utf8(request.heldArgs().toString())).isEqualTo(utf8(numbers));
        assertThat(utf8Text(this.json.encode(request))).endsWith("\"args\":" + numbers + "}");
        assertThat(request.args(int[].class)).hasSize(100_000).endsWith(99_999);
    }

    @Test
    void argsAreParsedAnewOnEveryCallAndNotKept() {
        Request request = this.json.decodeRequest(utf8("{\"id\":\"a\",\"args\":{\"cpus\":2}}"));
        Response response = this.json.decodeResponse(utf8("{\"id\":\"a\",\"result\":[1]}"));

        assertThat(request.args()).isEqualTo(request.rawArgs()).isNotSameAs(request.args());
        assertThat(response.result()).isEqualTo(response.rawResult()).isNotSameAs(response.result());
        assertThat(request.heldArgs()).isInstanceOf(RawJson.class);
        assertThat(response.heldResult()).isInstanceOf(RawJson.class);
    }

    @Test
    void conversionReadsTheRawTextSoNumbersKeepEveryDigit() {
        String pi = "3.14159265358979323846264338327950288";
        Request request = this.json.decodeRequest(utf8("{\"id\":\"a\",\"args\":[" + pi + "]}"));
        Response response = this.json.decodeResponse(utf8("{\"id\":\"a\",\"result\":" + pi + "}"));

        assertThat(request.args(BigDecimal[].class)).containsExactly(new BigDecimal(pi));
        assertThat(response.result(BigDecimal.class)).isEqualTo(new BigDecimal(pi));
    }

    @Test
    void nullArgsAndResultStayNullAndAreWrittenAsNull() {
        Request request = this.json.decodeRequest(utf8("{\"id\":\"a\",\"args\":null}"));
        Response response = this.json.decodeResponse(utf8("{\"id\":\"a\"}"));

        assertThat(request.heldArgs()).isNull();
        assertThat(response.heldResult()).isNull();
        assertThat(tree(this.json.encode(request)).get("args").isNull()).isTrue();
        assertThat(tree(this.json.encode(response)).get("result").isNull()).isTrue();
    }

    @Test
    void aByteOrderMarkBeforeTheMessageDoesNotShiftTheValue() {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
        frame.writeBytes(utf8("{\"id\":\"a\",\"args\":[1,\"\u00e9\"]}"));

        assertThat(this.json.decodeRequest(frame.toByteArray()).heldArgs()).hasToString("[1,\"\u00e9\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = { "string", "stream", "utf-16" })
    void fromAnyOtherInputTheValueIsWrittenAgainAsCompactJson(String input) throws Exception {
        String message = "{\"id\":\"a\",\"args\": [ 1 , 2.50, \"\\u00e9\" ] }";
        Request request = switch (input) {
            case "string" -> this.json.mapper().readValue(message, Request.class);
            case "stream" -> this.json.mapper().readValue(new ByteArrayInputStream(utf8(message)), Request.class);
            default -> this.json.decodeRequest(message.getBytes(StandardCharsets.UTF_16BE));
        };

        assertThat(request.heldArgs()).isInstanceOf(RawJson.class).hasToString("[1,2.50,\"\u00e9\"]");
        assertThat(request.args(new TypeReference<List<Object>>() { }))
                .containsExactly(1, 2.5, "\u00e9");
    }

    @Test
    void aDecodedMessageTurnedIntoATreeHasItsValueAsATree() {
        Request request = this.json.decodeRequest(utf8("{\"id\":\"a\",\"args\":{\"list\":[1,{\"b\":true}]}}"));

        JsonNode asTree = this.json.mapper().valueToTree(request);

        assertThat(asTree.get("args")).isEqualTo(tree("{\"list\":[1,{\"b\":true}]}"));
    }

    @Test
    void aDecodedMessageWrittenAsAStringKeepsItsValueVerbatim() {
        String value = "{ \"text\" : \"caf\u00e9 \\u00e9\" }";
        Response response = this.json.decodeResponse(utf8("{\"id\":\"a\",\"result\":" + value + "}"));

        assertThat(this.json.mapper().writeValueAsString(response)).contains("\"result\":" + value + ",");
    }

    private static String utf8Text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
