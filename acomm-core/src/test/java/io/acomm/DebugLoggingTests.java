package io.acomm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.acomm.internal.provider.TaskDispatcher;
import io.acomm.internal.server.FrameReceiver;
import io.acomm.internal.tracker.ClientCalls;
import io.acomm.internal.tracker.ResponseDispatcher;
import io.acomm.test.Endpoints;
import io.acomm.test.LogCapture;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an operator sees at DEBUG over real sockets: one line for each step of a request and its response, each with
 * the request's id, and the stack trace of a task that throws.
 */
class DebugLoggingTests {

    @RegisterExtension
    final LogCapture log = new LogCapture().debug(ClientCalls.class, TaskDispatcher.class, ResponseDispatcher.class,
            Tracker.class, FrameReceiver.class);

    @TempDir
    Path dir;

    @RegisterExtension
    final Endpoints endpoints = new Endpoints(() -> this.dir);

    @Test
    void aRoundTripLogsTheSendTheReceiptTheOutcomeTheDeliveryAndTheResponse() throws Exception {
        Provider provider = this.endpoints.provider("echo",
                request -> CompletableFuture.completedFuture(Response.success(request, request.rawArgs())));
        Tracker tracker = this.endpoints.tracker();
        Request request = Request.builder().task("echo").args("hello").build();

        tracker.send(provider.url(), request, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        String id = request.id();
        TestSupport.await().untilAsserted(() -> assertThat(this.log.lines("DEBUG", "delivered")).isNotEmpty());
        List<String> lines = this.log.lines("DEBUG", id);
        for (String expected : List.of(
                "acomm request " + id + " (task 'echo') sent to " + provider.url() + ", timeout 5000 ms",
                "acomm request " + id + " (task 'echo') received on " + this.dir.resolve("provider.sock"),
                "acomm task 'echo' of request " + id + " succeeded in ",
                "acomm response to request " + id + " (task 'echo') received: success, ",
                "acomm response to request " + id + " (task 'echo') delivered to " + tracker.url() + " in ")) {
            assertThat(lines).as("the DEBUG lines of the request").anySatisfy(line -> assertThat(line)
                    .contains(expected));
        }
        this.log.assertNoStackTraces();
    }

    @Test
    void aTimeoutAndItsLateResponseAreLoggedAtDebugOnTheTracker() throws Exception {
        Tracker tracker = this.endpoints.tracker();
        Request request = Request.create("slow", tracker.url().toString(), null);
        tracker.trackRequest(request, Duration.ofMillis(50));
        TestSupport.await().until(() -> tracker.numRequests() == 0);

        Response late = Response.success(request, "late");
        assertThatThrownBy(() -> Sender.defaults().send(tracker.url(), late))
                .isInstanceOf(SendException.class).hasMessageContaining("no tracked request: " + request.id());

        assertThat(this.log.lines("DEBUG", request.id())).anySatisfy(line -> assertThat(line)
                .contains("acomm request " + request.id() + " (task 'slow') timed out after "));
        assertThat(this.log.lines("DEBUG", "no tracked request")).singleElement().asString()
                .contains("acomm message refused on " + this.dir.resolve("tracker.sock") + ": no tracked request: "
                        + request.id());
        assertThat(this.log.warnings()).isEmpty();
    }

    @Test
    void aTaskThatThrowsHasItsStackTraceLoggedAtDebug() throws Exception {
        Provider provider = this.endpoints.provider("fail", request -> {
            throw new IllegalStateException("the disk is full");
        });
        Tracker tracker = this.endpoints.tracker();
        Request request = Request.builder().task("fail").build();

        tracker.send(provider.url(), request, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        this.log.awaitWarning("failed for request " + request.id());
        assertThat(this.log.stackTraceLines()).anySatisfy(line -> assertThat(line).contains("DebugLoggingTests"));
        assertThat(this.log.lines("DEBUG", request.id())).anySatisfy(line -> assertThat(line)
                .contains("acomm task 'fail' of request " + request.id() + " ended with an error in ",
                        "the disk is full"));
    }
}
