package io.acomm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.acomm.test.TestSupport;
import io.acomm.test.TestTrackers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackerTests {

    @TempDir
    Path dir;

    private final List<Tracker> trackers = new ArrayList<>();

    @AfterEach
    void stopTrackers() {
        this.trackers.forEach(TestTrackers::stopQuietly);
    }

    private Tracker started(TrackerBuilder builder) {
        Tracker tracker = builder.build();
        this.trackers.add(tracker);
        tracker.startListener();
        return tracker;
    }

    private Tracker started() {
        return started(Tracker.builder().socketPath(this.dir.resolve("tracker.sock")));
    }

    private static Request requestTo(Tracker tracker, List<Response> successes, List<Response> errors) {
        return Request.create("vm.create", tracker.url().toString(), Map.of("cpus", 2))
                .withCallbacks((request, response) -> successes.add(response),
                        (request, response) -> errors.add(response));
    }

    @Test
    void urlAndAddrNameTheSocket() {
        Tracker tracker = started();
        assertThat(tracker.addr()).isEqualTo(this.dir.resolve("tracker.sock"));
        assertThat(tracker.url()).hasToString("unix://" + this.dir.resolve("tracker.sock"));
        assertThat(tracker.isListening()).isTrue();
        assertThat(Files.exists(tracker.addr())).isTrue();
    }

    @Test
    void socketDirGetsAUniqueSocketName() {
        Tracker first = Tracker.builder().socketDir(this.dir).build();
        Tracker second = Tracker.builder().socketDir(this.dir).build();
        assertThat(first.addr().getParent()).isEqualTo(this.dir);
        assertThat(first.addr().getFileName().toString()).matches("acommTracker-[0-9a-f]{16}\\.sock");
        assertThat(first.addr()).isNotEqualTo(second.addr());
    }

    @Test
    void startingTwiceIsANoOpAndStoppingDeletesTheSocket() {
        Tracker tracker = started();
        tracker.startListener();
        tracker.startListener();
        assertThat(tracker.isListening()).isTrue();
        tracker.stopListener(null);
        assertThat(tracker.isListening()).isFalse();
        assertThat(Files.exists(tracker.addr())).isFalse();
        tracker.stopListener(null);
        tracker.stopListener(Duration.ofSeconds(1));
    }

    @Test
    void stoppingANeverStartedTrackerDoesNothing() {
        Tracker tracker = Tracker.builder().socketPath(this.dir.resolve("never.sock")).build();
        tracker.stopListener(Duration.ofSeconds(1));
        tracker.stopListener(null);
        assertThat(tracker.isListening()).isFalse();
    }

    @Test
    void aStoppedTrackerCanBeStartedAgain() {
        Tracker tracker = started();
        tracker.stopListener(null);
        tracker.startListener();
        List<Response> successes = new CopyOnWriteArrayList<>();
        Request request = requestTo(tracker, successes, new ArrayList<>());
        tracker.trackRequest(request);
        Sender.defaults().send(tracker.url(), Response.success(request, "ok"));
        TestSupport.await().until(() -> successes.size() == 1);
        assertThat(tracker.numRequests()).isZero();
    }

    @Test
    void trackingTheSameIdTwiceFails() {
        Tracker tracker = started();
        Request request = Request.create("unix:///x.sock", null);
        tracker.trackRequest(request);
        assertThatThrownBy(() -> tracker.trackRequest(request)).isInstanceOf(AcommException.class)
                .hasMessageContaining("already tracked").hasMessageContaining(request.id());
        assertThat(tracker.numRequests()).isEqualTo(1);
    }

    @Test
    void trackingOnATrackerThatIsNotStartedFails() {
        Tracker tracker = Tracker.builder().socketPath(this.dir.resolve("idle.sock")).build();
        assertThatThrownBy(() -> tracker.trackRequest(Request.create("unix:///x.sock", null)))
                .isInstanceOf(AcommException.class).hasMessageContaining("not started");
        assertThat(tracker.numRequests()).isZero();
    }

    @Test
    void retrieveAndRemoveStopTracking() {
        Tracker tracker = started();
        Request first = Request.create("unix:///x.sock", null);
        Request second = Request.create("unix:///x.sock", null);
        tracker.trackRequest(first);
        tracker.trackRequest(second);
        assertThat(tracker.retrieveRequest(first.id())).isSameAs(first);
        assertThat(tracker.retrieveRequest(first.id())).isNull();
        assertThat(tracker.removeRequest(second)).isTrue();
        assertThat(tracker.removeRequest(second)).isFalse();
        assertThat(tracker.numRequests()).isZero();
    }

    @Test
    void retrievedRequestsNeverTimeOut() throws InterruptedException {
        Tracker tracker = started();
        List<Response> errors = new CopyOnWriteArrayList<>();
        Request request = requestTo(tracker, new ArrayList<>(), errors);
        tracker.trackRequest(request, Duration.ofMillis(30));
        tracker.retrieveRequest(request.id());
        // a quiet period, for an assertion that nothing happens: well past its deadline, the request has no timeout
        TestSupport.assertQuietFor(Duration.ofMillis(150), () -> assertThat(errors).isEmpty());
    }

    @Test
    void responsesOverTheSocketRunTheMatchingCallback() {
        Tracker tracker = started();
        List<Response> successes = new CopyOnWriteArrayList<>();
        List<Response> errors = new CopyOnWriteArrayList<>();
        Request ok = requestTo(tracker, successes, errors);
        Request failing = requestTo(tracker, successes, errors);
        tracker.trackRequest(ok);
        tracker.trackRequest(failing);

        Sender.defaults().send(tracker.url(), Response.success(ok, Map.of("id", "vm-42")));
        Sender.defaults().send(tracker.url(), Response.failure(failing, "no such host"));

        TestSupport.await().until(() -> successes.size() == 1 && errors.size() == 1);
        assertThat(successes.get(0).id()).isEqualTo(ok.id());
        assertThat(successes.get(0).rawResult().get("id").asString()).isEqualTo("vm-42");
        assertThat(errors.get(0).error()).isEqualTo("no such host");
        assertThat(tracker.numRequests()).isZero();
    }

    @Test
    void requestsWithoutCallbacksGoToTheFallbackCallback() {
        List<Response> fallback = new CopyOnWriteArrayList<>();
        Tracker tracker = started(Tracker.builder().socketPath(this.dir.resolve("t.sock"))
                .fallbackCallback((request, response) -> fallback.add(response)));
        Request request = Request.create("vm.list", tracker.url().toString(), null);
        tracker.trackRequest(request);
        Sender.defaults().send(tracker.url(), Response.success(request, 1));
        TestSupport.await().until(() -> fallback.size() == 1);
    }

    @Test
    void aResponseForAnUntrackedIdGetsAnErrorAck() {
        Tracker tracker = started();
        Request stranger = Request.create("unix:///x.sock", null);
        assertThatThrownBy(() -> Sender.defaults().send(tracker.url(), Response.success(stranger, null)))
                .isInstanceOf(SendException.class)
                .hasMessageContaining("no tracked request: " + stranger.id());
    }

    @Test
    void aTimeoutRunsTheErrorCallbackOnceAndALateResponseIsRefused() throws InterruptedException {
        Tracker tracker = started();
        List<Response> successes = new CopyOnWriteArrayList<>();
        List<Response> errors = new CopyOnWriteArrayList<>();
        Request request = requestTo(tracker, successes, errors);
        tracker.trackRequest(request, Duration.ofMillis(50));

        TestSupport.await().until(() -> errors.size() == 1);
        assertThat(errors.get(0).error()).isEqualTo(Tracker.TIMEOUT_ERROR);
        assertThat(errors.get(0).id()).isEqualTo(request.id());
        assertThat(tracker.numRequests()).isZero();

        assertThatThrownBy(() -> Sender.defaults().send(tracker.url(), Response.success(request, "late")))
                .isInstanceOf(SendException.class).hasMessageContaining("no tracked request");
        // a quiet period, for an assertion that nothing happens: the refused late response runs no callback
        TestSupport.assertQuietFor(Duration.ofMillis(100), () -> {
            assertThat(errors).hasSize(1);
            assertThat(successes).isEmpty();
        });
    }

    @Test
    void eachTimeoutFiresOnceNoEarlierThanItsDeadline() {
        // callbacks run on the handler pool, so timeouts close together may be handled in any order
        Tracker tracker = started();
        Map<String, Long> firedAt = new ConcurrentHashMap<>();
        Map<String, Long> deadlines = new HashMap<>();
        for (int millis : new int[] { 300, 100, 200 }) {
            Request request = Request.create(String.valueOf(millis), "unix:///x.sock", null)
                    .withCallbacks(null, (rq, rs) -> firedAt.merge(rq.task(), System.nanoTime(), (a, b) -> -1L));
            deadlines.put(request.task(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
            tracker.trackRequest(request, Duration.ofMillis(millis));
        }
        TestSupport.await().until(() -> firedAt.size() == 3);
        deadlines.forEach((task, deadline) -> assertThat(firedAt.get(task)).as("timeout %s ms", task)
                .isGreaterThanOrEqualTo(deadline));
    }

    @Test
    void aThrowingCallbackDoesNotHarmTheTracker() {
        Tracker tracker = started();
        List<Response> successes = new CopyOnWriteArrayList<>();
        Request throwing = Request.create("boom", tracker.url().toString(), null)
                .withCallbacks((rq, rs) -> {
                    throw new IllegalStateException("callback failure");
                }, null);
        Request fine = requestTo(tracker, successes, new ArrayList<>());
        tracker.trackRequest(throwing);
        tracker.trackRequest(fine);
        Sender.defaults().send(tracker.url(), Response.success(throwing, null));
        Sender.defaults().send(tracker.url(), Response.success(fine, null));
        TestSupport.await().until(() -> successes.size() == 1);
        assertThat(tracker.numRequests()).isZero();
    }

    @Test
    void tenThousandResponsesFromEightThreadsAreEachHandledExactlyOnce() throws Exception {
        Tracker tracker = started();
        int count = 10_000;
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        ResponseCallback callback = (rq, rs) -> handled.get(rq.id()).incrementAndGet();
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Request request = Request.create(tracker.url().toString(), i).withCallbacks(callback, callback);
            handled.put(request.id(), new AtomicInteger());
            tracker.trackRequest(request);
            requests.add(request);
        }
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int first = thread;
                done.add(senders.submit(() -> {
                    for (int i = first; i < count; i += 8) {
                        Sender.defaults().send(tracker.url(), Response.success(requests.get(i), i));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            senders.shutdownNow();
        }
        TestSupport.await().until(() -> handled.values().stream().mapToInt(AtomicInteger::get).sum() == count);
        assertThat(handled.values()).allMatch(times -> times.get() == 1);
        assertThat(tracker.numRequests()).isZero();
    }

    @Test
    void stopWaitsForTrackedRequestsToBeAnswered() throws Exception {
        Tracker tracker = started();
        List<Response> successes = new CopyOnWriteArrayList<>();
        Request request = requestTo(tracker, successes, new ArrayList<>());
        tracker.trackRequest(request);
        CountDownLatch stopping = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            stopping.countDown();
            tracker.stopListener(Duration.ofSeconds(10));
        });
        stopper.start();
        stopping.await();
        TestSupport.await().until(() -> !canTrack(tracker));
        assertThat(tracker.isListening()).isTrue();
        Sender.defaults().send(tracker.url(), Response.success(request, "done"));
        stopper.join(5000);
        assertThat(stopper.isAlive()).isFalse();
        assertThat(successes).hasSize(1);
        assertThat(tracker.isListening()).isFalse();
        assertThat(Files.exists(tracker.addr())).isFalse();
    }

    private static boolean canTrack(Tracker tracker) {
        try {
            Request probe = Request.create("unix:///probe.sock", null);
            tracker.trackRequest(probe);
            tracker.removeRequest(probe);
            return true;
        }
        catch (AcommException ex) {
            assertThat(ex).hasMessageContaining("stopping");
            return false;
        }
    }

    @Test
    void stopWithATimeoutAnswersWhatRemainsAndSaysSo() {
        Tracker tracker = started();
        List<Response> errors = new CopyOnWriteArrayList<>();
        tracker.trackRequest(requestTo(tracker, new ArrayList<>(), errors));
        tracker.trackRequest(requestTo(tracker, new ArrayList<>(), errors));

        assertThat(tracker.stopListener(Duration.ofMillis(100))).isFalse();
        assertThat(errors).extracting(Response::error).containsExactly(Tracker.STOPPED_ERROR, Tracker.STOPPED_ERROR);
        assertThat(tracker.numRequests()).isZero();
        assertThat(Files.exists(tracker.addr())).isFalse();
    }

    @Test
    void observersSeeEveryOutcomeWithItsLatency() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Tracker tracker = started(Tracker.builder().socketPath(this.dir.resolve("observed.sock"))
                .addObserver((request, response, outcome, latency) -> {
                    assertThat(latency).isPositive();
                    seen.add(request.task() + ":" + outcome);
                }));
        Request ok = Request.create("ok", tracker.url().toString(), null);
        Request failing = Request.create("failing", tracker.url().toString(), null);
        Request silent = Request.create("silent", tracker.url().toString(), null);
        tracker.trackRequest(ok);
        tracker.trackRequest(failing);
        tracker.trackRequest(silent, Duration.ofMillis(20));

        Sender.defaults().send(tracker.url(), Response.success(ok, null));
        Sender.defaults().send(tracker.url(), Response.failure(failing, "bad"));

        TestSupport.await().until(() -> seen.size() == 3);
        assertThat(seen).containsExactlyInAnyOrder("ok:SUCCESS", "failing:ERROR", "silent:TIMEOUT");
    }

    @Test
    void noTrackerThreadOutlivesStop() {
        Tracker tracker = started();
        tracker.trackRequest(requestTo(tracker, new ArrayList<>(), new ArrayList<>()), Duration.ofMillis(20));
        tracker.stopListener(null);
        TestSupport.await().until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().startsWith("acomm-tracker")));
    }
}
