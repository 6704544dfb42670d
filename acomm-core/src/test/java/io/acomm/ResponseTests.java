package io.acomm;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.acomm.test.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.type.TypeFactory;

import static io.acomm.test.TestSupport.tree;
import static io.acomm.test.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseTests {

    @RegisterExtension
    final TestSupport.Servers servers = new TestSupport.Servers();

    @TempDir
    Path dir;

    private final Request request = Request.create("vm.create", "unix:///run/x.sock", null);

    record Vm(String id) {
    }

    private static Response decoded(String json) {
        return AcommJson.defaults().decodeResponse(utf8(json));
    }

    // ---- creation rules ----

    @Test
    void createWithoutARequestIsRefused() {
        assertThatThrownBy(() -> Response.create(null, "r", null, (String) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request");
        assertThatThrownBy(() -> Response.success(null, "r")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.failure(null, "boom")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resultAndErrorTogetherAreRefused() {
        assertThatThrownBy(() -> Response.create(this.request, "r", null, "boom"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> Response.create(this.request, "r", null, new IllegalStateException("boom")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
    }

    @Test
    void emptyErrorMessageIsRefused() {
        assertThatThrownBy(() -> Response.create(this.request, null, null, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.failure(this.request, (String) null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.failure(this.request, (Throwable) null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void successCarriesTheRequestIdAndResult() {
        Response response = Response.success(this.request, Map.of("id", "vm-1"));

        assertThat(response.id()).isEqualTo(this.request.id());
        assertThat(response.isError()).isFalse();
        assertThat(response.error()).isNull();
        assertThat(response.streamUrl()).isNull();
        assertThat(response.rawResult()).isEqualTo(tree("{\"id\":\"vm-1\"}"));
    }

    @Test
    void successWithAStream() {
        Response response = Response.success(this.request, null, URI.create("unix:///tmp/s.sock"));

        assertThat(response.streamUrl()).isEqualTo(URI.create("unix:///tmp/s.sock"));
        assertThat(response.withStreamUrl(null).streamUrl()).isNull();
        assertThat(response.withStreamUrl(null).id()).isEqualTo(this.request.id());
    }

    @Test
    void failureWithAMessage() {
        Response response = Response.failure(this.request, "no such host");

        assertThat(response.isError()).isTrue();
        assertThat(response.error()).isEqualTo("no such host");
        assertThat(response.result()).isNull();
        assertThat(response.id()).isEqualTo(this.request.id());
    }

    @Test
    void failureFromAThrowableUsesItsMessage() {
        assertThat(Response.failure(this.request, new IllegalStateException("disk full")).error())
                .isEqualTo("disk full");
    }

    @Test
    void failureFromAThrowableWithoutMessageUsesItsClassName() {
        assertThat(Response.failure(this.request, new IllegalStateException()).error())
                .isEqualTo("java.lang.IllegalStateException");
        assertThat(Response.failure(this.request, new IllegalStateException("")).error())
                .isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void acks() {
        assertThat(Response.ack().id()).isEmpty();
        assertThat(Response.ack().isError()).isFalse();
        assertThat(Response.errorAck("unknown id").error()).isEqualTo("unknown id");
        assertThat(Response.errorAck("unknown id").id()).isEmpty();
        assertThatThrownBy(() -> Response.errorAck("")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- result conversion ----

    @Test
    void resultConvertsToAClass() {
        assertThat(decoded("{\"id\":\"a\",\"error\":\"\",\"result\":{\"id\":\"vm-42\"}}").result(Vm.class))
                .isEqualTo(new Vm("vm-42"));
    }

    @Test
    void resultConvertsToGenericTypes() {
        Response response = decoded("{\"id\":\"a\",\"error\":\"\",\"result\":[{\"id\":\"a\"},{\"id\":\"b\"}]}");

        assertThat(response.result(new TypeReference<List<Vm>>() { })).containsExactly(new Vm("a"), new Vm("b"));
        List<Vm> viaJavaType = response.result(TypeFactory.createDefaultInstance().constructCollectionType(List.class,
                Vm.class));
        assertThat(viaJavaType).containsExactly(new Vm("a"), new Vm("b"));
    }

    @Test
    void missingResultConvertsToNull() {
        assertThat(decoded("{\"id\":\"a\",\"error\":\"boom\",\"result\":null}").result(Vm.class)).isNull();
    }

    // ---- sending ----

    @Test
    void sendDeliversToAUnixUrl() throws Exception {
        TestSupport.Inbox<Response> inbox = this.servers.responseInbox(this.dir.resolve("r.sock"));

        Sender.defaults().send(inbox.listener().url(), Response.failure(this.request, "boom"));

        Response received = inbox.next();
        assertThat(received.id()).isEqualTo(this.request.id());
        assertThat(received.error()).isEqualTo("boom");
    }

    @Test
    void sendToAnUnknownSchemeFails() {
        Response response = Response.success(this.request, null);

        assertThatThrownBy(() -> Sender.defaults().send(URI.create("gopher://h/x"), response))
                .isInstanceOf(SendException.class).hasMessageContaining("unknown url type: gopher");
    }
}
