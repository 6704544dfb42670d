package io.acomm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.acomm.test.TestSupport;
import io.acomm.test.TestTrackers;
import io.acomm.transport.UnixTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;

import static io.acomm.test.TestSupport.failureOf;
import static io.acomm.test.TestSupport.resultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The typed calls of {@link AcommOperations} over a real round trip between a {@link Tracker} and a {@link Provider}:
 * results converted to records and generic types, and how each call ends when there is no result to convert.
 */
class TrackerTypedRequestTests {

    /** Short, since a timeout test waits for it; long enough that a loaded machine sends the request within it. */
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

    private static final TypeReference<List<VmInfo>> VM_LIST = new TypeReference<>() {
    };

    /** A result type of the application's. */
    record VmInfo(String id, int cpus) {
    }

    @TempDir
    Path dir;

    private final CompletableFuture<String> gate = new CompletableFuture<>();

    private Tracker tracker;
    private Provider provider;

    @BeforeEach
    void start() {
        this.tracker = TestTrackers.startTracker(this.dir);
        this.provider = Provider.builder().socketPath(this.dir.resolve("provider.sock"))
                .task("echo", request -> CompletableFuture.completedFuture(Response.success(request, request.args())))
                .task("fail", request -> CompletableFuture.completedFuture(Response.failure(request, "no such vm")))
                .task("says-timeout", request -> CompletableFuture.completedFuture(
                        Response.failure(request, Tracker.TIMEOUT_ERROR)))
                .task("never", request -> new CompletableFuture<>())
                .task("gated", request -> this.gate.thenApply(value -> Response.success(request, value)))
                .build();
        this.provider.start();
    }

    @AfterEach
    void stop() {
        this.provider.stop(Duration.ofMillis(100));
        TestTrackers.stopQuietly(this.tracker);
    }

    @Test
    void syncRequestConvertsTheResultToARecord() {
        VmInfo vm = this.tracker.syncRequest(this.provider.url(), "echo", Map.of("id", "vm-42", "cpus", 2),
                VmInfo.class, TestSupport.WAIT);

        assertThat(vm).isEqualTo(new VmInfo("vm-42", 2));
    }

    @Test
    void syncRequestConvertsTheResultToAGenericType() {
        List<VmInfo> vms = this.tracker.syncRequest(this.provider.url(), "echo",
                List.of(Map.of("id", "vm-1", "cpus", 1), Map.of("id", "vm-2", "cpus", 4)), VM_LIST, TestSupport.WAIT);

        assertThat(vms).containsExactly(new VmInfo("vm-1", 1), new VmInfo("vm-2", 4));
    }

    @Test
    void aNullResultIsNull() {
        assertThat(this.tracker.syncRequest(this.provider.url(), "echo", null, VmInfo.class, TestSupport.WAIT))
                .isNull();
        assertThat(resultOf(this.tracker.request(this.provider.url(), "echo", null, VM_LIST, TestSupport.WAIT)))
                .isNull();
    }

    @Test
    void requestCompletesWithTheConvertedResult() {
        CompletableFuture<VmInfo> vm = this.tracker.request(this.provider.url(), "echo",
                Map.of("id", "vm-42", "cpus", 2), VmInfo.class, TestSupport.WAIT);
        CompletableFuture<List<VmInfo>> vms = this.tracker.request(this.provider.url(), "echo",
                List.of(Map.of("id", "vm-1", "cpus", 1)), VM_LIST, TestSupport.WAIT);

        assertThat(resultOf(vm)).isEqualTo(new VmInfo("vm-42", 2));
        assertThat(resultOf(vms)).containsExactly(new VmInfo("vm-1", 1));
    }

    @Test
    void requestCompletesWithTheSuccessfulResponse() {
        Response response = resultOf(this.tracker.request(this.provider.url(), "echo", "hello", TestSupport.WAIT));

        assertThat(response.result(String.class)).isEqualTo("hello");
    }

    @Test
    void requestCompletesOnTheHandlerExecutor() {
        CompletableFuture<String> thread = this.tracker.request(this.provider.url(), "gated", null, String.class,
                TestSupport.WAIT).thenApply(result -> Thread.currentThread().getName());

        this.gate.complete("open");

        assertThat(resultOf(thread)).startsWith("acomm-tracker-handler-");
    }

    @Test
    void aResultThatCannotBeConvertedFailsNamingTheRequestTaskAndType() {
        String request = "request [0-9a-f-]{36} \\(task 'echo'\\)";
        Throwable sync = catchThrowable(() -> this.tracker.syncRequest(this.provider.url(), "echo", "not a vm",
                VmInfo.class, TestSupport.WAIT));
        Throwable async = failureOf(this.tracker.request(this.provider.url(), "echo", Map.of("id", "vm-1"), VM_LIST,
                TestSupport.WAIT));

        assertThat(sync).isExactlyInstanceOf(AcommException.class)
                .hasMessageMatching("cannot convert the result of " + request + " to "
                        + VmInfo.class.getName().replace("$", "\\$") + ": .+");
        assertThat(async).isExactlyInstanceOf(AcommException.class)
                .hasMessageMatching("cannot convert the result of " + request + " to java.util.List<"
                        + VmInfo.class.getName().replace("$", "\\$") + ">: .+");
        assertThat(this.tracker.numRequests()).isZero();
    }

    @Test
    void anErrorResponseIsAResponseErrorExceptionCarryingItsError() {
        assertThatThrownBy(() -> this.tracker.syncRequest(this.provider.url(), "fail", null, VmInfo.class,
                TestSupport.WAIT)).isExactlyInstanceOf(ResponseErrorException.class).hasMessage("no such vm");
        assertThat(failureOf(this.tracker.request(this.provider.url(), "fail", null, VM_LIST, TestSupport.WAIT)))
                .isExactlyInstanceOf(ResponseErrorException.class).hasMessage("no such vm");
    }

    @Test
    void noResponseInTimeIsAResponseTimeoutException() {
        assertThatThrownBy(() -> this.tracker.syncRequest(this.provider.url(), "never", null, SHORT_TIMEOUT))
                .isExactlyInstanceOf(ResponseTimeoutException.class).hasMessage(Tracker.TIMEOUT_ERROR);
        assertThatThrownBy(() -> this.tracker.syncRequest(this.provider.url(), "never", null, VmInfo.class,
                SHORT_TIMEOUT)).isExactlyInstanceOf(ResponseTimeoutException.class);
        assertThat(failureOf(this.tracker.request(this.provider.url(), "never", null, VM_LIST, SHORT_TIMEOUT)))
                .isExactlyInstanceOf(ResponseTimeoutException.class);
        assertThat(failureOf(this.tracker.request(this.provider.url(), "never", null, SHORT_TIMEOUT)))
                .isInstanceOf(ResponseErrorException.class).isExactlyInstanceOf(ResponseTimeoutException.class);
        assertThat(this.tracker.numRequests()).isZero();
    }

    @Test
    void theTrackersTimeoutIsMarkedOnTheResponseThatSendCompletesWith() {
        Response response = resultOf(this.tracker.send(this.provider.url(), Request.builder().task("never").build(),
                SHORT_TIMEOUT));

        assertThat(response.isTimeout()).isTrue();
        assertThat(response.error()).isEqualTo(Tracker.TIMEOUT_ERROR);
    }

    @Test
    void anErrorResponseThatSaysResponseTimeoutIsNoTimeout() {
        assertThatThrownBy(() -> this.tracker.syncRequest(this.provider.url(), "says-timeout", null, VmInfo.class,
                TestSupport.WAIT)).isExactlyInstanceOf(ResponseErrorException.class).hasMessage(Tracker.TIMEOUT_ERROR);
        assertThat(failureOf(this.tracker.request(this.provider.url(), "says-timeout", null, TestSupport.WAIT)))
                .isExactlyInstanceOf(ResponseErrorException.class).hasMessage(Tracker.TIMEOUT_ERROR);
        Response response = resultOf(this.tracker.send(this.provider.url(),
                Request.builder().task("says-timeout").build(), TestSupport.WAIT));
        assertThat(response.error()).isEqualTo(Tracker.TIMEOUT_ERROR);
        assertThat(response.isTimeout()).isFalse();
    }

    @Test
    void aRequestEndedByStoppingTheTrackerIsAPlainResponseErrorException() {
        CompletableFuture<VmInfo> future = this.tracker.request(this.provider.url(), "never", null, VmInfo.class,
                TestSupport.WAIT);

        this.tracker.stopListener(Duration.ZERO);

        assertThat(failureOf(future)).isExactlyInstanceOf(ResponseErrorException.class)
                .hasMessage(Tracker.STOPPED_ERROR);
    }

    @Test
    void aFailedSendFailsTheFutureAndUntracks() {
        CompletableFuture<VmInfo> future = this.tracker.request(UnixTransport.url(this.dir.resolve("missing.sock")),
                "echo", null, VmInfo.class, TestSupport.WAIT);

        assertThat(failureOf(future)).isInstanceOf(SendException.class).hasMessageContaining("missing.sock");
        assertThat(this.tracker.numRequests()).isZero();
    }
}
