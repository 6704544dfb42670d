package io.acomm;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.acomm.internal.json.WireTraceContext;
import io.acomm.test.LogCapture;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.ser.std.StdSerializer;

import static io.acomm.test.TestSupport.fixture;
import static io.acomm.test.TestSupport.tree;
import static io.acomm.test.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AcommJsonTests {

    private static final String UNIX_HOOK_OBJECT = """
            {"Scheme":"unix","Opaque":"","User":null,"Host":"","Path":"/run/acomm/tracker.sock","RawPath":"",\
            "OmitHost":false,"ForceQuery":false,"RawQuery":"","Fragment":"","RawFragment":""}""";

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @RegisterExtension
    final LogCapture log = new LogCapture().debug(WireTraceContext.class);

    private final AcommJson json = AcommJson.defaults();

    // ---- Go fixtures ----

    static List<String> fixtureNames() {
        return TestSupport.fixtureNames();
    }

    @Test
    void fixturesCoverRequestsResponsesAndTheAck() {
        assertThat(fixtureNames()).contains("ack.json", "request-unix-hook.json",
                "request-http-hook-null-args.json", "response-error.json", "response-result-stream.json");
    }

    @ParameterizedTest
    @MethodSource("fixtureNames")
    void everyFixtureSurvivesDecodeAndEncodeUnchanged(String name) {
        byte[] goJson = fixture(name);
        Object decoded = name.startsWith("request-") ? this.json.decodeRequest(goJson)
                : this.json.decodeResponse(goJson);
        assertThat(tree(this.json.encode(decoded))).isEqualTo(tree(goJson));
    }

    @Test
    void requestFixtureWithUnixHookDecodesEveryField() {
        Request request = this.json.decodeRequest(fixture("request-unix-hook.json"));

        assertThat(request.id()).isEqualTo("6f1c1a8e-2a7b-4f3e-9a51-0c2d9f1e7b10");
        assertThat(request.task()).isEqualTo("vm.create");
        assertThat(request.responseHook()).isEqualTo(URI.create("unix:///run/acomm/tracker.sock"));
        assertThat(request.streamUrl()).isNull();
        assertThat(request.args()).isEqualTo(tree("{\"cpus\":2,\"name\":\"web1\"}"));
    }

    @Test
    void requestFixtureWithHttpHookKeepsHostPortAndQuery() {
        Request request = this.json.decodeRequest(fixture("request-http-hook-null-args.json"));

        assertThat(request.responseHook())
                .isEqualTo(URI.create("http://127.0.0.1:8080/acomm/responses?token=abc"));
        assertThat(request.args()).isNull();
        assertThat(request.rawArgs()).isEqualTo(NullNode.getInstance());
    }

    @Test
    void responseFixturesDecodeResultStreamAndError() {
        Response result = this.json.decodeResponse(fixture("response-result-stream.json"));
        Response error = this.json.decodeResponse(fixture("response-error.json"));
        Response ack = this.json.decodeResponse(fixture("ack.json"));

        assertThat(result.isError()).isFalse();
        assertThat(result.result()).isEqualTo(tree("{\"id\":\"vm-42\"}"));
        assertThat(result.streamUrl()).isEqualTo(URI.create("unix:///tmp/acomm-stream-123.sock"));
        assertThat(error.error()).isEqualTo("no such host");
        assertThat(error.result()).isNull();
        assertThat(ack.id()).isEmpty();
        assertThat(ack.isError()).isFalse();
    }

    @Test
    void theAckWeWriteIsTheAckGoWrites() {
        assertThat(tree(this.json.encode(Response.ack()))).isEqualTo(tree(fixture("ack.json")));
    }

    // ---- trace context ----

    @ParameterizedTest
    @ValueSource(strings = { "request-unix-hook.json", "request-http-hook-null-args.json" })
    void goRequestsWithoutTraceContextAreWrittenBackByteForByte(String name) {
        String goJson = goText(name);

        assertThat(text(this.json.encode(this.json.decodeRequest(utf8(goJson))))).isEqualTo(goJson);
    }

    @Test
    void goRequestWithTheTraceContextAddedDecodesWithItAndIsWrittenBackByteForByte() {
        String goJson = goText("request-unix-hook.json");
        String traced = goJson.substring(0, goJson.length() - 1) + ",\"traceparent\":\"" + TRACEPARENT
                + "\",\"tracestate\":\"congo=t61rcWkgMzE,rojo=00f067aa0ba902b7\"}";

        Request request = this.json.decodeRequest(utf8(traced));

        assertThat(request.traceParent()).isEqualTo(TRACEPARENT);
        assertThat(request.traceState()).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        assertThat(request.id()).isEqualTo("6f1c1a8e-2a7b-4f3e-9a51-0c2d9f1e7b10");
        assertThat(request.args()).isEqualTo(tree("{\"cpus\":2,\"name\":\"web1\"}"));
        assertThat(text(this.json.encode(request))).isEqualTo(traced);
    }

    @Test
    void theTraceContextIsWrittenAfterTheArgumentsAndOnlyWhenThereIsOne() {
        AcommJson stringUrls = AcommJson.create(UrlFormat.STRING);
        Request request = Request.builder().id("a").task("t").responseHook(URI.create("unix:///run/x.sock")).args(1)
                .build();

        assertThat(text(stringUrls.encode(request.toBuilder().traceParent(TRACEPARENT).build()))).isEqualTo(
                "{\"id\":\"a\",\"task\":\"t\",\"responsehook\":\"unix:///run/x.sock\",\"args\":1,"
                        + "\"traceparent\":\"" + TRACEPARENT + "\"}");
        assertThat(text(stringUrls.encode(request.toBuilder().traceParent(TRACEPARENT).traceState("k=v").build())))
                .endsWith("\"args\":1,\"traceparent\":\"" + TRACEPARENT + "\",\"tracestate\":\"k=v\"}");
        assertThat(text(stringUrls.encode(request))).doesNotContain("trace");
    }

    @ParameterizedTest
    @ValueSource(strings = { "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
            "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-a-later-version-adds" })
    void aTraceParentOfTheW3cFormIsKept(String traceParent) {
        Request request = this.json.decodeRequest(utf8("{\"id\":\"a\",\"traceparent\":\"" + traceParent + "\"}"));

        assertThat(request.traceParent()).isEqualTo(traceParent);
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7\"",
            "\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g\"",
            "\"00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"",
            "\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x\"",
            "\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-\uff10\uff11\"", "\"\"", "42",
            "{\"trace\":[1]}" })
    void aTraceParentNotOfTheW3cFormIsDroppedWithADebugLineAndTheRequestKept(String value) {
        Request request = this.json.decodeRequest(utf8("{\"id\":\"a\",\"traceparent\":" + value
                + ",\"task\":\"t\",\"args\":[1]}"));

        assertThat(request.traceParent()).isNull();
        assertThat(request.task()).isEqualTo("t");
        assertThat(request.rawArgs()).isEqualTo(tree("[1]"));
        assertThat(this.log.lines("DEBUG", "acomm request field 'traceparent' ignored")).hasSize(1);
        assertThat(tree(this.json.encode(request)).has("traceparent")).isFalse();
    }

    @Test
    void aTraceStateOfOtherThanPrintableAsciiOrLongerThanW3cAllowsIsDropped() {
        String tooLong = "k=" + "v".repeat(511);
        Request controls = this.json.decodeRequest(utf8("{\"id\":\"a\",\"tracestate\":\"k=\\n\"}"));
        Request long512 = this.json.decodeRequest(utf8("{\"id\":\"a\",\"tracestate\":\"" + tooLong + "\"}"));
        Request fine = this.json.decodeRequest(utf8("{\"id\":\"a\",\"tracestate\":\"" + tooLong.substring(1) + "\"}"));

        assertThat(controls.traceState()).isNull();
        assertThat(long512.traceState()).isNull();
        assertThat(fine.traceState()).hasSize(512);
        assertThat(this.log.lines("DEBUG", "acomm request field 'tracestate' ignored")).hasSize(2);
    }

    private static String goText(String fixture) {
        // Go's encoder ends each message with a newline, which is not part of the JSON
        return text(fixture(fixture)).stripTrailing();
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    // ---- URLs ----

    @Test
    void invalidUtf8IsRefusedEvenWhereJacksonWouldTakeIt() {
        // C0 AD is an overlong encoding of '-', which a lenient decoder reads as that character
        ByteArrayOutputStream overlong = new ByteArrayOutputStream();
        overlong.writeBytes(TestSupport.utf8("{\"id\":\"a"));
        overlong.writeBytes(new byte[] { (byte) 0xC0, (byte) 0xAD });
        overlong.writeBytes(TestSupport.utf8("b\",\"error\":\"\"}"));

        assertThatThrownBy(() -> AcommJson.defaults().decodeResponse(overlong.toByteArray()))
                .isInstanceOf(AcommException.class).hasMessage("invalid response: not valid UTF-8");
        assertThat(AcommJson.defaults().decodeResponse(TestSupport.utf8("{\"id\":\"caf\u00e9\"}")).id())
                .isEqualTo("caf\u00e9");
    }

    @ParameterizedTest
    @ValueSource(strings = { "\u00e9", "\ud83d\ude00", "a\ud83d\ude00" })
    void utf8IsCheckedToTheEndOfAMessageLongerThanOneValidationChunk(String character) {
        String task = character.repeat(10_000);
        byte[] valid = utf8("{\"id\":\"a\",\"task\":\"" + task + "\"}");
        byte[] lastCharacterCut = valid.clone();
        lastCharacterCut[valid.length - 3] = 'x';

        assertThat(this.json.decodeRequest(valid).task()).isEqualTo(task);
        assertThatThrownBy(() -> this.json.decodeRequest(lastCharacterCut)).isInstanceOf(AcommException.class)
                .hasMessage("invalid request: not valid UTF-8");
    }

    @Test
    void urlIsReadFromAPlainString() {
        Request request = this.json.decodeRequest(utf8("""
                {"id":"a","task":"t","responsehook":"unix:///run/x.sock","stream_url":"http://h:1/s?x=1"}"""));

        assertThat(request.responseHook()).isEqualTo(URI.create("unix:///run/x.sock"));
        assertThat(request.streamUrl()).isEqualTo(URI.create("http://h:1/s?x=1"));
    }

    @Test
    void stringFormatWritesUrlsAsStrings() {
        AcommJson stringJson = AcommJson.create(UrlFormat.STRING);
        Request request = Request.create("t", "unix:///run/x.sock", null)
                .withStreamUrl(URI.create("http://h:1/s"));
        Response response = Response.success(request, null, URI.create("unix:///tmp/s.sock"));

        JsonNode requestTree = tree(stringJson.encode(request));
        JsonNode responseTree = tree(stringJson.encode(response));

        assertThat(requestTree.get("responsehook").isString()).isTrue();
        assertThat(requestTree.get("responsehook").asString()).isEqualTo("unix:///run/x.sock");
        assertThat(requestTree.get("stream_url").asString()).isEqualTo("http://h:1/s");
        assertThat(responseTree.get("stream_url").asString()).isEqualTo("unix:///tmp/s.sock");
        assertThat(stringJson.decodeRequest(stringJson.encode(request)).responseHook())
                .isEqualTo(request.responseHook());
    }

    @Test
    void goFormatWritesUrlsAsGoObjects() {
        Request request = Request.create("t", "unix:///run/acomm/tracker.sock", null);

        assertThat(tree(this.json.encode(request)).get("responsehook")).isEqualTo(tree(UNIX_HOOK_OBJECT));
    }

    @Test
    void emptyOrNullUrlMeansNone() {
        Request request = this.json.decodeRequest(utf8("{\"id\":\"a\",\"responsehook\":\"\",\"stream_url\":null}"));

        assertThat(request.responseHook()).isNull();
        assertThat(request.streamUrl()).isNull();
    }

    @Test
    void userInfoIsWrittenAsGoDoesAnEmptyObjectAndNotInTheHost() {
        Request request = Request.create("t", "http://user:secret@h:8080/p", null);

        JsonNode hook = tree(this.json.encode(request)).get("responsehook");

        assertThat(hook.get("User")).isEqualTo(tree("{}"));
        assertThat(hook.get("Host").stringValue()).isEqualTo("h:8080");
        assertThat(hook.toString()).doesNotContain("secret");
    }

    @Test
    void unknownFieldsAreIgnoredAtTopLevelAndInsideUrls() {
        Request request = this.json.decodeRequest(utf8("""
                {"id":"a","extra":{"deep":[1,{"x":2}]},"task":"t","more":[1,2],
                 "responsehook":{"Scheme":"unix","Path":"/run/x.sock","Future":{"a":[1]},"Other":7}}"""));

        assertThat(request.id()).isEqualTo("a");
        assertThat(request.task()).isEqualTo("t");
        assertThat(request.responseHook()).isEqualTo(URI.create("unix:///run/x.sock"));
    }

    @Test
    void goEmptyUserObjectMeansNoUserInfo() {
        Request request = this.json.decodeRequest(utf8("""
                {"id":"a","task":"","responsehook":{"Scheme":"http","User":{},"Host":"h:80","Path":"/p"}}"""));

        assertThat(request.responseHook()).isEqualTo(URI.create("http://h:80/p"));
        assertThat(request.responseHook().getUserInfo()).isNull();
        assertThat(tree(this.json.encode(request)).at("/responsehook/User").isNull()).isTrue();
    }

    @Test
    void urlObjectOfAnOlderGoWithoutNewerFieldsIsRead() {
        Request request = this.json.decodeRequest(utf8("""
                {"id":"a","task":"","responsehook":{"Scheme":"https","Opaque":"","User":null,"Host":"h:8443",\
                "Path":"/hook","RawQuery":"a=1&b=2","Fragment":""}}"""));

        assertThat(request.responseHook()).isEqualTo(URI.create("https://h:8443/hook?a=1&b=2"));
    }

    @Test
    void urlWithFragmentAndEscapedPathSurvivesGoForm() {
        URI url = URI.create("http://h/a%20b/c?q=1#frag");
        Request request = Request.builder().responseHook(url).build();

        assertThat(this.json.decodeRequest(this.json.encode(request)).responseHook()).isEqualTo(url);
    }

    @Test
    void urlWithAnEmptyQueryKeepsItsQuestionMark() {
        URI url = URI.create("http://h/p?");
        Request request = Request.builder().responseHook(url).build();

        byte[] encoded = this.json.encode(request);

        assertThat(tree(encoded).at("/responsehook/ForceQuery").booleanValue()).isTrue();
        assertThat(this.json.decodeRequest(encoded).responseHook()).hasToString("http://h/p?");
    }

    // ---- error field, args and result ----

    @Test
    void emptyErrorMeansSuccessAndIsWrittenBackAsEmpty() {
        Response response = this.json.decodeResponse(utf8("{\"id\":\"a\",\"error\":\"\",\"result\":1}"));

        assertThat(response.error()).isNull();
        assertThat(response.isError()).isFalse();
        assertThat(tree(this.json.encode(response)).get("error").stringValue()).isEmpty();
    }

    @Test
    void missingErrorIsWrittenAsEmptyString() {
        Response response = this.json.decodeResponse(utf8("{\"id\":\"a\"}"));

        assertThat(tree(this.json.encode(response)).get("error").stringValue()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "[1,\"two\",{\"three\":3}]", "\"text\"", "12345678901234567890", "1.5", "true",
            "{\"nested\":{\"list\":[null,1]}}" })
    void decodedArgsAndResultAreGivenAsJsonTreesAndWrittenBack(String value) {
        Request request = this.json.decodeRequest(utf8("{\"id\":\"a\",\"task\":\"\",\"args\":" + value + "}"));
        Response response = this.json.decodeResponse(utf8("{\"id\":\"a\",\"error\":\"\",\"result\":" + value + "}"));

        assertThat(request.args()).isInstanceOf(JsonNode.class).isEqualTo(tree(value));
        assertThat(response.result()).isInstanceOf(JsonNode.class).isEqualTo(tree(value));
        assertThat(tree(this.json.encode(request)).get("args")).isEqualTo(tree(value));
        assertThat(tree(this.json.encode(response)).get("result")).isEqualTo(tree(value));
    }

    @Test
    void requestWithoutStreamUrlOmitsTheKeyAndResponseAlwaysHasIt() {
        Request request = Request.create("t", "unix:///run/x.sock", null);
        Response response = Response.success(request, null);

        JsonNode requestTree = tree(this.json.encode(request));
        assertThat(requestTree.has("stream_url")).isFalse();
        assertThat(requestTree.get("args").isNull()).isTrue();
        JsonNode responseTree = tree(this.json.encode(response));
        assertThat(responseTree.has("stream_url")).isTrue();
        assertThat(responseTree.get("stream_url").isNull()).isTrue();
        assertThat(tree(this.json.encode(request.withStreamUrl(URI.create("unix:///s.sock")))).has("stream_url"))
                .isTrue();
    }

    // ---- invalid input ----

    @Test
    void idThatIsNotAStringIsRefused() {
        assertThatThrownBy(() -> this.json.decodeRequest(utf8("{\"id\":5,\"task\":\"\"}")))
                .isInstanceOf(AcommException.class).hasMessageContaining("invalid request")
                .hasMessageContaining("'id' must be a string");
        assertThatThrownBy(() -> this.json.decodeResponse(utf8("{\"id\":{},\"error\":\"\"}")))
                .isInstanceOf(AcommException.class).hasMessageContaining("'id' must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = { "[]", "[{\"id\":\"a\"}]", "42", "\"text\"" })
    void jsonThatIsNotAnObjectIsRefused(String value) {
        assertThatThrownBy(() -> this.json.decodeRequest(utf8(value))).isInstanceOf(AcommException.class)
                .hasMessageContaining("a request must be an object");
        assertThatThrownBy(() -> this.json.decodeResponse(utf8(value))).isInstanceOf(AcommException.class)
                .hasMessageContaining("a response must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"id\":", "{id:1}", "not json", "" })
    void malformedJsonIsRefusedWithAClearMessage(String value) {
        assertThatThrownBy(() -> this.json.decodeRequest(utf8(value))).isInstanceOf(AcommException.class)
                .hasMessageStartingWith("invalid request JSON: ");
        assertThatThrownBy(() -> this.json.decodeResponse(utf8(value))).isInstanceOf(AcommException.class)
                .hasMessageStartingWith("invalid response JSON: ");
    }

    @Test
    void jsonNullIsRefused() {
        assertThatThrownBy(() -> this.json.decodeRequest(utf8("null"))).isInstanceOf(AcommException.class)
                .hasMessage("invalid request: null");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"id\":\"a\"} garbage", "{\"id\":\"a\"}{\"id\":\"b\"}", "{\"id\":\"a\"}]" })
    void anythingAfterTheMessageIsRefusedAsGoRefusesIt(String value) {
        assertThatThrownBy(() -> this.json.decodeRequest(utf8(value))).isInstanceOf(AcommException.class)
                .hasMessageStartingWith("invalid request JSON");
        assertThatThrownBy(() -> this.json.decodeResponse(utf8(value))).isInstanceOf(AcommException.class)
                .hasMessageStartingWith("invalid response JSON");
    }

    @Test
    void blanksAfterTheMessageAreFineLikeTheNewlineGoEncodersWrite() {
        assertThat(this.json.decodeResponse(utf8("{\"error\":\"\",\"id\":\"\"}\n")).isError()).isFalse();
        assertThat(this.json.decodeRequest(utf8(" {\"id\":\"a\"} \r\n\t")).id()).isEqualTo("a");
    }

    @Test
    void urlOfTheWrongTypeIsRefused() {
        assertThatThrownBy(() -> this.json.decodeRequest(utf8("{\"id\":\"a\",\"responsehook\":12}")))
                .isInstanceOf(AcommException.class).hasMessageContaining("'responsehook' must be a URL");
        assertThatThrownBy(() -> this.json.decodeRequest(utf8("{\"id\":\"a\",\"responsehook\":\"a b://\"}")))
                .isInstanceOf(AcommException.class).hasMessageContaining("invalid URL in 'responsehook'");
    }

    // ---- derived mappers ----

    record Money(long cents, String currency) {
    }

    static final class MoneySerializer extends StdSerializer<Money> {

        MoneySerializer() {
            super(Money.class);
        }

        @Override
        public void serialize(Money value, JsonGenerator gen, SerializationContext provider) {
            gen.writeString(value.cents() / 100 + "." + String.format("%02d", value.cents() % 100) + " "
                    + value.currency());
        }
    }

    @Test
    void derivedMapperAppliesTheApplicationModulesToArgs() {
        JsonMapper appMapper = JsonMapper.builder()
                .addModule(new SimpleModule("money").addSerializer(new MoneySerializer())).build();
        AcommJson derived = AcommJson.derivedFrom(appMapper, UrlFormat.GO);
        Request request = Request.create("pay", "unix:///run/x.sock", Map.of("price", new Money(1250, "EUR")));

        assertThat(tree(derived.encode(request)).at("/args/price").stringValue()).isEqualTo("12.50 EUR");
        assertThat(tree(derived.encode(Response.success(request, new Money(5, "USD")))).get("result").stringValue())
                .isEqualTo("0.05 USD");
    }

    static final class MoneyDeserializer extends StdDeserializer<Money> {

        MoneyDeserializer() {
            super(Money.class);
        }

        @Override
        public Money deserialize(JsonParser p, DeserializationContext ctxt) {
            String[] parts = p.getString().split("[. ]");
            return new Money(Long.parseLong(parts[0]) * 100 + Long.parseLong(parts[1]), parts[2]);
        }
    }

    @Test
    void decodedMessagesConvertWithTheMapperThatDecodedThem() {
        JsonMapper appMapper = JsonMapper.builder().addModule(new SimpleModule("money")
                .addSerializer(new MoneySerializer()).addDeserializer(Money.class, new MoneyDeserializer())).build();
        AcommJson derived = AcommJson.derivedFrom(appMapper, UrlFormat.GO);
        Request sent = Request.create("pay", "unix:///run/x.sock", new Money(1250, "EUR"));

        Request received = derived.decodeRequest(derived.encode(sent));
        Response answer = derived.decodeResponse(derived.encode(Response.success(received, new Money(5, "USD"))));

        assertThat(received.json()).isSameAs(derived);
        assertThat(received.args(Money.class)).isEqualTo(new Money(1250, "EUR"));
        assertThat(answer.json()).isSameAs(derived);
        assertThat(answer.result(Money.class)).isEqualTo(new Money(5, "USD"));
        assertThatThrownBy(() -> AcommJson.defaults().decodeRequest(derived.encode(sent)).args(Money.class))
                .as("the default mapper knows no money format").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void messagesBuiltHereConvertWithTheJsonTheyWereBuiltWith() {
        JsonMapper appMapper = JsonMapper.builder()
                .addModule(new SimpleModule("money").addDeserializer(Money.class, new MoneyDeserializer())).build();
        AcommJson derived = AcommJson.derivedFrom(appMapper, UrlFormat.GO);

        Request request = Request.builder().task("pay").args("3.07 CHF").json(derived).build();
        Response response = Response.success(request, "0.99 EUR");

        assertThat(request.args(Money.class)).isEqualTo(new Money(307, "CHF"));
        assertThat(response.json()).as("a response inherits the JSON of its request").isSameAs(derived);
        assertThat(response.result(Money.class)).isEqualTo(new Money(99, "EUR"));
        assertThat(Request.builder().build().json()).isSameAs(AcommJson.defaults());
    }

    @Test
    void derivedMapperLeavesTheApplicationMapperUnchanged() {
        JsonMapper appMapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        Set<Object> moduleIdsBefore = moduleIds(appMapper);

        AcommJson derived = AcommJson.derivedFrom(appMapper, UrlFormat.GO);

        assertThat(derived.mapper()).isNotSameAs(appMapper);
        assertThat(moduleIds(appMapper)).isEqualTo(moduleIdsBefore);
        assertThat(appMapper.isEnabled(SerializationFeature.INDENT_OUTPUT)).isTrue();
        assertThat(appMapper.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)).isTrue();
        assertThat(new String(derived.encode(Request.create("t", "unix:///x.sock", null)))).doesNotContain("\n");
        assertThatThrownBy(() -> appMapper.readValue("{\"id\":\"a\",\"x\":1}", Request.class))
                .as("the application mapper must not have learnt to read requests")
                .isInstanceOf(JacksonException.class);
    }

    private static Set<Object> moduleIds(JsonMapper mapper) {
        return mapper.registeredModules().stream().map(module -> module.getRegistrationId()).collect(
                java.util.stream.Collectors.toSet());
    }
}
