package io.acomm;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.acomm.test.TestTrackers;
import io.acomm.transport.UnixTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackerSendTests {

    @TempDir
    Path dir;

    private Tracker tracker;
    private Provider provider;

    @BeforeEach
    void start() throws Exception {
        this.tracker = Tracker.builder().socketPath(this.dir.resolve("tracker.sock")).build();
        this.tracker.startListener();
        this.provider = Provider.builder().socketPath(this.dir.resolve("provider.sock"))
                .task("echo", request -> CompletableFuture.completedFuture(Response.success(request, request.args())))
                .task("fail", request -> CompletableFuture.completedFuture(
                        Response.failure(request, "requested failure")))
                .task("never", request -> new CompletableFuture<>())
                .build();
        this.provider.start();
    }

    @AfterEach
    void stop() {
        this.provider.stop(Duration.ofMillis(100));
        TestTrackers.stopQuietly(this.tracker);
    }

    @Test
    void sendCompletesWithTheResponse() throws Exception {
        Request request = Request.builder().task("echo").args(Map.of("n", 7)).build();

        Response response = this.tracker.send(this.provider.url(), request).get(5, TimeUnit.SECONDS);

        assertThat(response.id()).isEqualTo(request.id());
        assertThat(response.result(JsonNode.class).get("n").asInt()).isEqualTo(7);
        assertThat(this.tracker.numRequests()).isZero();
    }

    @Test
    void sendCompletesWithErrorResponsesToo() throws Exception {
        Response response = this.tracker.send(this.provider.url(), Request.builder().task("fail").build())
                .get(5, TimeUnit.SECONDS);
        assertThat(response.error()).isEqualTo("requested failure");
    }

    @Test
    void aFailedSendCompletesExceptionallyAndUntracks() {
        CompletableFuture<Response> future = this.tracker.send(UnixTransport.url(this.dir.resolve("missing.sock")),
                Request.builder().task("echo").build());

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SendException.class).hasMessageContaining("missing.sock");
        assertThat(this.tracker.numRequests()).isZero();
    }

    @Test
    void syncRequestReturnsTheSuccessfulResponse() {
        Response response = this.tracker.syncRequest(this.provider.url(), "echo", List.of(1, 2, 3),
                Duration.ofSeconds(5));
        assertThat(response.result(int[].class)).containsExactly(1, 2, 3);
    }

    /** A value whose only property cannot be read: Jackson cannot encode it. */
    static final class Unencodable {

        public String getValue() {
            throw new IllegalStateException("no value here");
        }
    }

    @Test
    void argsThatCannotBeEncodedThrowAtOnceAndNothingIsTracked() {
        assertThatThrownBy(() -> this.tracker.send(this.provider.url(),
                Request.builder().task("echo").args(new Unencodable()).build()))
                .isInstanceOf(AcommException.class).hasMessageContaining("cannot encode")
                .hasMessageContaining(Unencodable.class.getName());
        assertThatThrownBy(() -> this.tracker.syncRequest(this.provider.url(), "echo", new Unencodable(),
                Duration.ofSeconds(5))).isInstanceOf(AcommException.class).hasMessageContaining("no value here");

        assertThat(this.tracker.numRequests()).isZero();
        assertThat(this.provider.inFlight()).isZero();
    }

    @Test
    void aResultThatCannotBeEncodedIsAnsweredWithAnErrorNamingItsType() {
        Provider unencodable = Provider.builder().socketPath(this.dir.resolve("unencodable.sock"))
                .task("broken", request -> CompletableFuture.completedFuture(
                        Response.success(request, new Unencodable())))
                .build();
        unencodable.start();
        try {
            assertThatThrownBy(() -> this.tracker.syncRequest(unencodable.url(), "broken", null,
                    Duration.ofSeconds(30)))
                    .isInstanceOf(ResponseErrorException.class)
                    .hasMessageContaining("cannot encode the result of task 'broken'")
                    .hasMessageContaining(Unencodable.class.getName())
                    .hasMessageContaining("no value here");
        }
        finally {
            unencodable.stop(Duration.ofSeconds(1));
        }
    }

    /** Values Jackson 3 brings without extra modules. */
    record Schedule(Instant at, Duration every, Optional<String> note, Optional<String> none, LocalDate day,
            List<OffsetDateTime> reminders) {
    }

    @Test
    void javaTimeAndOptionalValuesRoundTripAsArgsAndResult() {
        Schedule schedule = new Schedule(Instant.parse("2026-11-25T10:15:30.123456789Z"), Duration.ofMinutes(90),
                Optional.of("standup"), Optional.empty(), LocalDate.of(2026, 11, 25),
                List.of(OffsetDateTime.parse("2026-11-25T09:00:00Z")));

        Response response = this.tracker.syncRequest(this.provider.url(), "echo", schedule, Duration.ofSeconds(5));

        assertThat(response.result(Schedule.class)).isEqualTo(schedule);
    }

    @Test
    void syncRequestThrowsTheErrorOfAnErrorResponse() {
        assertThatThrownBy(() -> this.tracker.syncRequest(this.provider.url(), "fail", null, Duration.ofSeconds(5)))
                .isInstanceOf(ResponseErrorException.class).hasMessage("requested failure");
    }

    @Test
    void syncRequestThrowsOnTimeout() {
        assertThatThrownBy(() -> this.tracker.syncRequest(this.provider.url(), "never", null, Duration.ofMillis(50)))
                .isInstanceOf(ResponseErrorException.class).hasMessage(Tracker.TIMEOUT_ERROR);
        assertThat(this.tracker.numRequests()).isZero();
    }

    @Test
    void multiRequestGathersResponsesByName() throws Exception {
        MultiRequest multi = new MultiRequest(this.tracker, Duration.ofMillis(500));
        Request first = multi.addRequest("first",
                Request.create("echo", this.tracker.url().toString(), "one"));
        Request second = multi.addRequest("second",
                Request.create("fail", this.tracker.url().toString(), null));
        Request silent = multi.addRequest("silent",
                Request.create("never", this.tracker.url().toString(), null));
        for (Request request : List.of(first, second, silent)) {
            this.tracker.sender().send(this.provider.url(), request);
        }

        Map<String, Response> responses = multi.responses();

        assertThat(responses).containsOnlyKeys("first", "second", "silent");
        assertThat(responses.get("first").result(String.class)).isEqualTo("one");
        assertThat(responses.get("second").error()).isEqualTo("requested failure");
        assertThat(responses.get("silent").error()).isEqualTo(Tracker.TIMEOUT_ERROR);
    }

    @Test
    void multiRequestStopsWaitingForRemovedRequests() throws Exception {
        MultiRequest multi = new MultiRequest(this.tracker, Duration.ofMinutes(1));
        Request unsent = multi.addRequest("unsent", Request.create("echo", this.tracker.url().toString(), null));

        multi.removeRequest(unsent);

        assertThat(multi.responses()).isEmpty();
        assertThat(this.tracker.numRequests()).isZero();
    }

    @Test
    void multiRequestRefusesADuplicateName() {
        MultiRequest multi = new MultiRequest(this.tracker, null);
        multi.addRequest("a", Request.create("echo", this.tracker.url().toString(), null));
        assertThatThrownBy(() -> multi.addRequest("a", Request.create("echo", this.tracker.url().toString(), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a'");
        assertThat(this.tracker.numRequests()).isEqualTo(1);
    }
}
