package io.acomm.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Tracker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stub provider over real sockets, called by a real tracker.
 */
@AcommTest
class StubProviderTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    record Numbers(List<Integer> numbers) {
    }

    @Test
    void respondsWithTheResultAndRecordsTheRequest(Tracker tracker, StubProvider stub) {
        stub.onTask("sum").respond(Map.of("sum", 3));

        Response response = call(tracker, stub, "sum", Map.of("numbers", List.of(1, 2)), WAIT);

        assertThat(response.isError()).as("error: %s", response.error()).isFalse();
        assertThat(response.rawResult().toString()).isEqualTo("{\"sum\":3}");
        Request received = stub.awaitRequest("sum", WAIT);
        assertThat(received.args(Numbers.class)).isEqualTo(new Numbers(List.of(1, 2)));
        assertThat(received.rawArgs().toString()).isEqualTo("{\"numbers\":[1,2]}");
        assertThat(received.responseHook()).isEqualTo(tracker.url());
        assertThat(stub.requests()).containsExactly(received);
    }

    @Test
    void failsWithTheError(Tracker tracker, StubProvider stub) {
        stub.onTask("vm.delete").fail("no such vm");

        assertThat(call(tracker, stub, "vm.delete", null, WAIT).error()).isEqualTo("no such vm");
    }

    @Test
    void answersWithAFunctionOfTheRequest(Tracker tracker, StubProvider stub) {
        stub.onTask("sum").answer(request -> Response.success(request,
                request.args(Numbers.class).numbers().stream().mapToInt(Integer::intValue).sum()));
        stub.onTask("broken").answer(request -> {
            throw new IllegalStateException("broken on purpose");
        });

        assertThat(call(tracker, stub, "sum", new Numbers(List.of(4, 5, 6)), WAIT).result(Integer.class))
                .isEqualTo(15);
        assertThat(call(tracker, stub, "broken", null, WAIT).error()).isEqualTo("broken on purpose");
    }

    @Test
    void aLaterAnswerReplacesTheFirst(Tracker tracker, StubProvider stub) {
        stub.onTask("color").respond("red");
        assertThat(call(tracker, stub, "color", null, WAIT).result(String.class)).isEqualTo("red");

        stub.onTask("color").respond("blue");
        assertThat(call(tracker, stub, "color", null, WAIT).result(String.class)).isEqualTo("blue");
        assertThat(stub.requests("color")).hasSize(2);
    }

    @Test
    void aDelayedAnswerComesAfterTheDelay(Tracker tracker, StubProvider stub) {
        Duration delay = Duration.ofMillis(200);
        stub.onTask("slow").delayedBy(delay).respond("done");

        long start = System.nanoTime();
        Response response = call(tracker, stub, "slow", null, WAIT);

        assertThat(response.result(String.class)).isEqualTo("done");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(delay);
    }

    @Test
    void aDelayedAnswerLetsTheCallerTimeOutAndTheRequestIsRecordedAtOnce(Tracker tracker, StubProvider stub) {
        stub.onTask("slow").delayedBy(Duration.ofMinutes(1)).respond("too late");

        Response response = call(tracker, stub, "slow", null, Duration.ofMillis(100));

        assertThat(response.error()).isEqualTo(Tracker.TIMEOUT_ERROR);
        assertThat(stub.requests("slow")).hasSize(1);
        // the held answer is answered at once when the stub closes after the test, not after a minute
    }

    @Test
    void aTaskWithoutAnswerIsUnknownAndRecorded(Tracker tracker, StubProvider stub) {
        assertThat(call(tracker, stub, "nobody.knows", Map.of("a", 1), WAIT).error())
                .isEqualTo("unknown task: nobody.knows");
        assertThat(stub.awaitRequest("nobody.knows", WAIT).rawArgs().get("a").asInt()).isEqualTo(1);
    }

    @Test
    void awaitRequestsWaitsForTheCount(Tracker tracker, StubProvider stub) {
        stub.onTask("ping").respond("pong");
        for (int i = 0; i < 3; i++) {
            tracker.trackAndSend(stub.url(), Request.builder().task("ping").args(i).build(), WAIT);
        }

        List<Request> pings = stub.awaitRequests("ping", 3, WAIT);

        assertThat(pings).extracting(request -> request.args(Integer.class)).containsExactlyInAnyOrder(0, 1, 2);
        AcommTestUtils.awaitNoRequests(tracker, WAIT);
        assertThat(tracker.numRequests()).isZero();
    }

    @Test
    void awaitRequestsFailsWithWhatCame(Tracker tracker, StubProvider stub) {
        stub.onTask("ping").respond("pong");
        call(tracker, stub, "ping", null, WAIT);

        assertThatThrownBy(() -> stub.awaitRequests("ping", 2, Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("received 1 request(s) for task 'ping'")
                .hasMessageContaining("expected 2");
    }

    @Test
    void answersGivenWhileARequestWaitsForItsDelayedAnswerLeaveItAlone(Tracker tracker, StubProvider stub)
            throws Exception {
        stub.onTask("slow").delayedBy(Duration.ofMillis(300)).respond("late");
        CompletableFuture<Response> slow = tracker.send(stub.url(), Request.builder().task("slow").build(), WAIT);
        stub.awaitRequest("slow", WAIT);

        stub.onTask("ping").respond("pong");
        stub.onTask("slow").respond("replaced");

        assertThat(call(tracker, stub, "ping", null, WAIT).result(String.class)).isEqualTo("pong");
        assertThat(slow.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).result(String.class)).isEqualTo("late");
        assertThat(call(tracker, stub, "slow", null, WAIT).result(String.class)).isEqualTo("replaced");
    }

    @Test
    void resetForgetsAnswersAndRequests(Tracker tracker, StubProvider stub) {
        stub.onTask("ping").respond("pong");
        call(tracker, stub, "ping", null, WAIT);

        stub.reset();

        assertThat(stub.requests()).isEmpty();
        assertThat(call(tracker, stub, "ping", null, WAIT).error()).isEqualTo("unknown task: ping");
    }

    @Test
    void closeDeletesTheSocketAndEndsTheStub(@AcommSocketDir Path dir) {
        Path socket = dir.resolve("own.sock");
        StubProvider stub = StubProvider.start(socket);
        stub.onTask("ping").respond("pong");
        assertThat(socket).exists();

        stub.close();
        stub.close();

        assertThat(Files.exists(socket)).isFalse();
        assertThatThrownBy(() -> stub.onTask("ping").respond("again")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void awaitResponseFailsWhenNoResponseComes() {
        assertThatThrownBy(() -> AcommTestUtils.awaitResponse(new CompletableFuture<>(),
                Duration.ofMillis(20))).isInstanceOf(AssertionError.class).hasMessageContaining("no response");
    }

    private static Response call(Tracker tracker, StubProvider stub, String task, Object args, Duration timeout) {
        return AcommTestUtils.awaitResponse(tracker.send(stub.url(), Request.builder().task(task).args(args).build(),
                timeout), WAIT);
    }
}
