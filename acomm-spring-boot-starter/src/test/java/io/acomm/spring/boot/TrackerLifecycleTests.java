package io.acomm.spring.boot;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.acomm.AcommException;
import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Sender;
import io.acomm.Tracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static io.acomm.spring.boot.AcommTestSupport.contextRunner;
import static io.acomm.spring.boot.AcommTestSupport.webServerContextRunner;
import static io.acomm.test.TestSupport.assertQuietFor;
import static io.acomm.test.TestSupport.await;
import static io.acomm.test.TestSupport.completing;
import static io.acomm.test.TestSupport.resultOf;
import static io.acomm.test.TestTrackers.startTracker;
import static io.acomm.test.TestTrackers.stopQuietly;
import static io.acomm.test.TestTrackers.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The tracker starts and stops with the application context, and its shutdown drains tracked requests up to
 * {@code acomm.tracker.shutdown-timeout}.
 */
class TrackerLifecycleTests {

    @TempDir
    Path socketDir;

    @Test
    void trackerListensWhileTheContextRunsAndItsSocketIsGoneAfterClose() {
        AtomicReference<Tracker> tracker = new AtomicReference<>();
        contextRunner(this.socketDir).run(context -> {
            tracker.set(context.getBean(Tracker.class));
            assertThat(tracker.get().isListening()).isTrue();
            assertThat(context.getBean(TrackerLifecycle.class).isRunning()).isTrue();
            assertThat(tracker.get().addr()).exists();
        });
        assertThat(tracker.get().isListening()).isFalse();
        assertThat(tracker.get().addr()).doesNotExist();
    }

    @Test
    void contextStopAndStartStopAndRestartTheTracker() {
        contextRunner(this.socketDir).run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            context.stop();
            assertThat(tracker.isListening()).isFalse();
            assertThat(tracker.addr()).doesNotExist();
            context.start();
            assertThat(tracker.isListening()).isTrue();
            CompletableFuture<Response> answered = new CompletableFuture<>();
            Request request = track(tracker, "restarted", null, completing(answered), null);
            Sender.defaults().send(tracker.url(), Response.success(request, "back"));
            assertThat(resultOf(answered).id()).isEqualTo(request.id());
        });
    }

    @Test
    void requestsStillTrackedAfterTheShutdownTimeoutAreAnsweredTrackerStopped() {
        CompletableFuture<Response> success = new CompletableFuture<>();
        CompletableFuture<Response> error = new CompletableFuture<>();
        AtomicLong closingFrom = new AtomicLong();
        contextRunner(this.socketDir).withPropertyValues("acomm.tracker.shutdown-timeout=200ms").run(context -> {
            track(context.getBean(Tracker.class), "in.flight", null, completing(success), completing(error));
            closingFrom.set(System.nanoTime());
        });
        long closedAfterMillis = (System.nanoTime() - closingFrom.get()) / 1_000_000;

        assertThat(resultOf(error).error()).isEqualTo(Tracker.STOPPED_ERROR);
        assertThat(success).isNotDone();
        assertThat(closedAfterMillis).isBetween(190L, 5_000L);
    }

    @Test
    void shutdownWithNothingTrackedDoesNotWait() {
        AtomicLong closingFrom = new AtomicLong();
        contextRunner(this.socketDir).withPropertyValues("acomm.tracker.shutdown-timeout=20s")
                .run(context -> closingFrom.set(System.nanoTime()));
        assertThat((System.nanoTime() - closingFrom.get()) / 1_000_000).isLessThan(5_000L);
    }

    @Test
    void responseArrivingDuringTheDrainIsHandled() {
        contextRunner(this.socketDir).withPropertyValues("acomm.tracker.shutdown-timeout=20s").run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            CompletableFuture<Response> success = new CompletableFuture<>();
            CompletableFuture<Response> error = new CompletableFuture<>();
            Request request = track(tracker, "drained", null, completing(success), completing(error));

            CompletableFuture<Void> closed = closeInBackground(context);
            awaitDraining(tracker);
            // a quiet period, for an assertion that nothing happens: close does not end meanwhile
            assertQuietFor(Duration.ofMillis(300), () -> assertThat(closed).as("close waits for the tracked request")
                    .isNotDone());

            Sender.defaults().send(tracker.url(), Response.success(request, "just in time"));
            assertThat(resultOf(success).rawResult().asString()).isEqualTo("just in time");
            resultOf(closed);
            assertThat(error).isNotDone();
            assertThat(tracker.isListening()).isFalse();
        });
    }

    @Test
    void responsesOverHttpAreStillTakenWhileDraining() {
        Tracker origin = startTracker(this.socketDir);
        try {
            webServerContextRunner(this.socketDir).withPropertyValues("acomm.tracker.shutdown-timeout=20s")
                    .run(context -> {
                        Tracker tracker = context.getBean(Tracker.class);
                        CompletableFuture<Response> atOrigin = new CompletableFuture<>();
                        Request request = track(origin, "external", null, completing(atOrigin), null);
                        Request external = tracker.proxyExternal(request, null);

                        CompletableFuture<Void> closed = closeInBackground(context);
                        awaitDraining(tracker);
                        ResponseEntity<String> ack = postResponse(external.responseHook(),
                                context.getBean(AcommJson.class).encode(Response.success(external, "late")));

                        assertThat(ack.getStatusCode()).isEqualTo(HttpStatus.OK);
                        assertThat(resultOf(atOrigin).rawResult().asString()).isEqualTo("late");
                        resultOf(closed);
                    });
        }
        finally {
            stopQuietly(origin);
        }
    }

    private static ResponseEntity<String> postResponse(URI url, byte[] json) {
        return RestClient.create().post().uri(url).contentType(MediaType.APPLICATION_JSON).body(json).retrieve()
                .toEntity(String.class);
    }

    private static CompletableFuture<Void> closeInBackground(ConfigurableApplicationContext context) {
        return CompletableFuture.runAsync(context::close);
    }

    /**
     * Waits until the tracker drains: it still listens but refuses to track anything new.
     */
    private static void awaitDraining(Tracker tracker) {
        await().until(() -> {
            Request probe = Request.create("probe", tracker.url().toString(), null);
            try {
                tracker.trackRequest(probe);
                tracker.removeRequest(probe);
                return false;
            }
            catch (AcommException ex) {
                assertThat(ex).hasMessageContaining("stopping");
                return true;
            }
        });
        assertThat(tracker.isListening()).isTrue();
    }

    @Test
    void trackingAfterCloseIsRefused() {
        AtomicReference<Tracker> tracker = new AtomicReference<>();
        contextRunner(this.socketDir).run(context -> tracker.set(context.getBean(Tracker.class)));
        assertThatExceptionOfType(AcommException.class)
                .isThrownBy(() -> track(tracker.get(), "too.late", null))
                .withMessageContaining("not started");
    }
}
