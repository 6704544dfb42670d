package io.acomm.internal.tracker;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.SendException;
import io.acomm.Sender;
import io.acomm.Transport;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client calls against a transport that records each send: what is tracked when, the time a send may take, and
 * what a failed send leaves behind. The calls over real sockets are in {@code TrackerSendTests}.
 */
class ClientCallsTests {

    private static final URI TRACKER = URI.create("unix:///tmp/tracker.sock");

    private static final URI PEER = URI.create("test://peer");

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

    private final List<Duration> sendTimeouts = new ArrayList<>();

    private final List<Integer> trackedWhileSending = new ArrayList<>();

    private RuntimeException sendFailure;

    private final PendingRequests pending = new PendingRequests(DEFAULT_TIMEOUT, Duration.ofMillis(10), tracked -> {
    });

    private final ClientCalls calls = new ClientCalls(TRACKER, Sender.builder().transport("test", new Transport() {
        @Override
        public void send(URI destination, byte[] message) {
            throw new AssertionError("a client call sends within a timeout");
        }

        @Override
        public void send(URI destination, byte[] message, Duration timeout) {
            ClientCallsTests.this.sendTimeouts.add(timeout);
            ClientCallsTests.this.trackedWhileSending.add(ClientCallsTests.this.pending.size());
            if (ClientCallsTests.this.sendFailure != null) {
                throw ClientCallsTests.this.sendFailure;
            }
        }
    }).build(), DEFAULT_TIMEOUT, this.pending, new TrackerObservations(ObservationRegistry.NOOP, true, null, null));

    @BeforeEach
    void start() {
        this.pending.start();
    }

    @AfterEach
    void stop() {
        this.pending.stop();
    }

    @Test
    void aRequestIsTrackedBeforeItIsSentWithTheTrackerAsItsHook() {
        Request sent = this.calls.trackAndSend(PEER, Request.create("t", "unix:///tmp/other.sock", null), null);

        assertThat(this.trackedWhileSending).containsExactly(1);
        assertThat(sent.responseHook()).isEqualTo(TRACKER);
        assertThat(this.pending.claim(sent.id()).request()).isSameAs(sent);
    }

    @Test
    void theSendTakesTheCallersTimeoutOrTheDefault() {
        this.calls.trackAndSend(PEER, Request.builder().task("t").build(), Duration.ofSeconds(3));
        this.calls.send(PEER, Request.builder().task("t").build(), null);

        assertThat(this.sendTimeouts).containsExactly(Duration.ofSeconds(3), DEFAULT_TIMEOUT);
    }

    @Test
    void theFutureOfSendCompletesWithTheResponseGivenToTheTrackedCallbacks() {
        Request request = Request.builder().task("t").build();
        CompletableFuture<Response> future = this.calls.send(PEER, request, null);
        Request tracked = this.pending.claim(request.id()).request();
        Response response = Response.failure(tracked, "no such task");

        tracked.onError().handle(tracked, response);

        assertThat(future).isCompletedWithValue(response);
    }

    @Test
    void aFailedSendLeavesNothingTracked() {
        this.sendFailure = new SendException(PEER, "refused");

        CompletableFuture<Response> future = this.calls.send(PEER, Request.builder().task("t").build(), null);

        assertThat(future).isCompletedExceptionally();
        assertThatThrownBy(() -> this.calls.trackAndSend(PEER, Request.builder().task("t").build(), null))
                .isSameAs(this.sendFailure);
        assertThat(this.trackedWhileSending).containsExactly(1, 1);
        assertThat(this.pending.size()).isZero();
    }
}
