package io.acomm;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.acomm.test.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;

import static io.acomm.test.TestSupport.tree;
import static io.acomm.test.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestTests {

    @RegisterExtension
    final TestSupport.Servers servers = new TestSupport.Servers();

    @TempDir
    Path dir;

    record VmArgs(int cpus, String name) {
    }

    private static Request decoded(String json) {
        return AcommJson.defaults().decodeRequest(utf8(json));
    }

    // ---- creation ----

    @Test
    void createWithHookAndArgsHasEmptyTaskAndRandomUuid() {
        Object args = Map.of("a", 1);
        Request first = Request.create("unix:///run/x.sock", args);
        Request second = Request.create("unix:///run/x.sock", args);

        assertThat(first.task()).isEmpty();
        assertThat(first.responseHook()).isEqualTo(URI.create("unix:///run/x.sock"));
        assertThat(first.args()).isSameAs(args);
        assertThat(UUID.fromString(first.id()).toString()).isEqualTo(first.id());
        assertThat(second.id()).isNotEqualTo(first.id());
    }

    @Test
    void createWithTask() {
        Request request = Request.create("vm.create", "http://127.0.0.1:8080/hook", null);

        assertThat(request.task()).isEqualTo("vm.create");
        assertThat(request.responseHook()).isEqualTo(URI.create("http://127.0.0.1:8080/hook"));
        assertThat(request.args()).isNull();
        assertThat(request.streamUrl()).isNull();
        assertThat(request.onSuccess()).isNull();
        assertThat(request.onError()).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missingHookIsRefused(String hook) {
        assertThatThrownBy(() -> Request.create(hook, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("response hook is required");
    }

    @ParameterizedTest
    @ValueSource(strings = { "asdf", "/run/x.sock", "a b c" })
    void hookThatIsNotAnAbsoluteUrlIsRefusedNamingTheValue(String hook) {
        assertThatThrownBy(() -> Request.create("t", hook, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + hook + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "unix:///run/acomm/x.sock", "http://localhost:8080/hook", "https://h.example/h?x=1" })
    void unixAndHttpHooksAreAccepted(String hook) {
        Request request = Request.create("t", hook, null);

        assertThat(request.responseHook()).isEqualTo(URI.create(hook));
        assertThatCode(request::validate).doesNotThrowAnyException();
    }

    @Test
    void withoutTraceContextDropsBothFieldsAndKeepsTheRest() {
        Request traced = Request.builder().task("t").responseHook(URI.create("unix:///x.sock")).args(Map.of("a", 1))
                .traceParent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").traceState("k=v").build();

        Request plain = traced.withoutTraceContext();

        assertThat(plain.traceParent()).isNull();
        assertThat(plain.traceState()).isNull();
        assertThat(plain.id()).isEqualTo(traced.id());
        assertThat(plain.task()).isEqualTo("t");
        assertThat(plain.args()).isEqualTo(Map.of("a", 1));
        assertThat(plain.withoutTraceContext()).isSameAs(plain);
    }

    // ---- arguments ----

    @Test
    void argsConvertToAClass() {
        Request request = decoded("{\"id\":\"a\",\"args\":{\"cpus\":2,\"name\":\"web1\",\"extra\":true}}");

        assertThat(request.args(VmArgs.class)).isEqualTo(new VmArgs(2, "web1"));
    }

    @Test
    void argsConvertToAGenericTypeReference() {
        Request request = decoded("{\"id\":\"a\",\"args\":[{\"cpus\":1,\"name\":\"a\"},{\"cpus\":2,\"name\":\"b\"}]}");

        List<VmArgs> args = request.args(new TypeReference<List<VmArgs>>() { });

        assertThat(args).containsExactly(new VmArgs(1, "a"), new VmArgs(2, "b"));
    }

    @Test
    void argsConvertToAJavaType() {
        Request request = decoded("{\"id\":\"a\",\"args\":{\"x\":{\"cpus\":4,\"name\":\"x\"}}}");
        JavaType type = TypeFactory.createDefaultInstance().constructMapType(Map.class, String.class, VmArgs.class);

        Map<String, VmArgs> args = request.args(type);

        assertThat(args).containsExactly(Map.entry("x", new VmArgs(4, "x")));
    }

    @Test
    void argsGivenAsObjectsConvertToo() {
        Request request = Request.create("t", "unix:///x.sock", Map.of("cpus", 8, "name", "big"));

        assertThat(request.args(VmArgs.class)).isEqualTo(new VmArgs(8, "big"));
        assertThat(request.rawArgs()).isEqualTo(tree("{\"cpus\":8,\"name\":\"big\"}"));
    }

    @Test
    void absentArgsConvertToNull() {
        assertThat(decoded("{\"id\":\"a\",\"args\":null}").args(VmArgs.class)).isNull();
        assertThat(decoded("{\"id\":\"a\"}").args(VmArgs.class)).isNull();
    }

    @Test
    void argsOfTheWrongShapeAreRefused() {
        Request request = decoded("{\"id\":\"a\",\"args\":{\"cpus\":\"many\"}}");

        assertThatThrownBy(() -> request.args(VmArgs.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot convert");
    }

    // ---- validation and copies ----

    @Test
    void validateRefusesAMissingId() {
        Request request = Request.builder().id(null).responseHook(URI.create("unix:///x.sock")).build();

        assertThatThrownBy(request::validate).isInstanceOf(AcommException.class).hasMessageContaining("missing id");
        assertThatThrownBy(decoded("{\"id\":\"\",\"responsehook\":\"unix:///x.sock\"}")::validate)
                .isInstanceOf(AcommException.class).hasMessageContaining("missing id");
    }

    @Test
    void validateRefusesAMissingOrRelativeHook() {
        assertThatThrownBy(decoded("{\"id\":\"r1\",\"task\":\"t\"}")::validate).isInstanceOf(AcommException.class)
                .hasMessageContaining("r1").hasMessageContaining("missing response hook");
        assertThatThrownBy(Request.builder().responseHook(URI.create("relative/x"))
                .build()::validate).isInstanceOf(AcommException.class).hasMessageContaining("not an absolute URL");
    }

    @Test
    void withResponseHookKeepsIdAndEverythingElse() {
        ResponseCallback callback = (request, response) -> { };
        Request original = Request.create("t", "http://h/hook", Map.of("a", 1))
                .withStreamUrl(URI.create("unix:///s.sock")).withCallbacks(callback, callback);

        Request moved = original.withResponseHook(URI.create("unix:///run/tracker.sock"));

        assertThat(moved.responseHook()).isEqualTo(URI.create("unix:///run/tracker.sock"));
        assertThat(moved.id()).isEqualTo(original.id());
        assertThat(moved.task()).isEqualTo("t");
        assertThat(moved.args()).isSameAs(original.args());
        assertThat(moved.streamUrl()).isEqualTo(original.streamUrl());
        assertThat(moved.onSuccess()).isSameAs(callback);
        assertThat(original.responseHook()).isEqualTo(URI.create("http://h/hook"));
    }

    @Test
    void callbacksAreNeverSerialised() {
        Request request = Request.create("t", "unix:///x.sock", null)
                .withCallbacks((req, res) -> { }, (req, res) -> { });

        byte[] json = AcommJson.defaults().encode(request);

        assertThat(tree(json).propertyNames()).containsExactlyInAnyOrder("id", "task", "responsehook",
                "args");
        Request back = AcommJson.defaults().decodeRequest(json);
        assertThat(back.onSuccess()).isNull();
        assertThat(back.onError()).isNull();
    }

    // ---- responding ----

    @Test
    void aResponseSentToTheHookArrivesThere() throws Exception {
        TestSupport.Inbox<Response> inbox = this.servers.responseInbox(this.dir.resolve("hook.sock"));
        Request request = Request.create("vm.create", inbox.listener().url().toString(), null);

        Sender.defaults().send(request.responseHook(), Response.success(request, Map.of("vm", "vm-1")));

        Response received = inbox.next();
        assertThat(received.id()).isEqualTo(request.id());
        assertThat(received.result()).isEqualTo(tree("{\"vm\":\"vm-1\"}"));
    }

    @Test
    void sendingToAHookNobodyListensOnFails() {
        Request request = Request.create("t", "unix://" + this.dir.resolve("none.sock"), null);

        assertThatThrownBy(() -> Sender.defaults().send(request.responseHook(), Response.success(request, null)))
                .isInstanceOf(SendException.class).hasMessageContaining("none.sock");
    }
}
