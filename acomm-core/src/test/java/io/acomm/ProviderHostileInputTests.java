package io.acomm;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.acomm.test.ListenerUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

import static io.acomm.test.TestSupport.exchangeFrame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input against the provider's request listener: the shared cases, requests the provider must refuse
 * because of their hook or task, and hooks it accepts but cannot deliver to.
 */
class ProviderHostileInputTests extends HostileInputSuite<ListenerUnderTest.ProviderTarget> {

    @Override
    ListenerUnderTest.ProviderTarget start(Path dir) throws IOException {
        return ListenerUnderTest.provider(dir, PeerFilter.currentUserAndRoot());
    }

    static Stream<Arguments> wrongShapes() {
        return Stream.concat(commonShapes(), Stream.of(
                shape("no hook", "{\"id\":\"$ID\",\"task\":\"echo\"}", "missing response hook"),
                shape("a null hook", "{\"id\":\"$ID\",\"task\":\"echo\",\"responsehook\":null}",
                        "missing response hook"),
                shape("a relative hook", "{\"id\":\"$ID\",\"task\":\"echo\",\"responsehook\":\"tracker.sock\"}",
                        "response hook is not an absolute URL: tracker.sock"),
                shape("a hook that is a number", "{\"id\":\"$ID\",\"task\":\"echo\",\"responsehook\":5}",
                        "'responsehook' must be a URL object or string"),
                shape("a hook object that is no URL", "{\"id\":\"$ID\",\"task\":\"echo\",\"responsehook\":"
                        + "{\"Scheme\":\"unix\",\"Host\":\"a b\",\"Path\":\"/x\"}}", "invalid URL in 'responsehook'"),
                shape("a task that is an array", "{\"id\":\"$ID\",\"task\":[\"echo\"],\"responsehook\":"
                        + "\"unix:///tmp/x.sock\"}", "'task' must be a string")));
    }

    /**
     * {@code ftp://x} is an absolute URL, so the request is valid and acked; its response cannot be delivered, which
     * is logged with the request's id, task and hook.
     */
    @Test
    void aHookWithAnUnknownSchemeIsAckedAndItsFailedDeliveryLogged() throws IOException {
        Request request = Request.builder().task("echo").responseHook(URI.create("ftp://x")).build();

        Response ack = exchangeFrame(this.target.socket(), AcommJson.defaults().encode(request));

        assertThat(ack.error()).as("ack").isNull();
        this.target.expectProcessed();
        this.log.awaitWarning("could not be delivered");
        this.target.assertServes();
        this.log.assertOneWarning("request " + request.id(), "task 'echo'", "delivered to ftp://x",
                "unknown url type: ftp");
    }

    /**
     * A request whose hook is the provider itself: the response arrives there as a request without a hook, is
     * refused, and that refusal is the failed delivery; nothing loops.
     */
    @Test
    void aHookPointingAtTheProviderItselfDoesNotLoop() throws IOException {
        Request request = Request.builder().task("echo").responseHook(this.target.provider().url()).build();

        Response ack = exchangeFrame(this.target.socket(), AcommJson.defaults().encode(request));

        assertThat(ack.error()).as("ack").isNull();
        this.target.expectProcessed();
        this.log.awaitWarning("could not be delivered");
        this.target.assertServes();
        assertThat(this.log.warnings()).hasSize(2);
        assertThat(this.log.warnings("acomm message refused")).singleElement().asString()
                .contains("invalid request " + request.id() + ": missing response hook");
        assertThat(this.log.warnings("could not be delivered")).singleElement().asString()
                .contains("request " + request.id(), "refused: invalid request");
        this.log.assertNoStackTraces();
    }
}
