package io.acomm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import io.acomm.test.LogCapture;
import io.acomm.test.TestSupport;
import io.acomm.test.TestTrackers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load on one listener and races between a response and its own timeout, counted one by one.
 */
class LoadAndRaceTests {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @TempDir
    Path dir;

    private final List<Tracker> trackers = new ArrayList<>();
    private final List<Provider> providers = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();

    @AfterEach
    void stop() {
        this.log.assertNoStackTraces();
        this.executors.forEach(ExecutorService::shutdownNow);
        this.providers.forEach(provider -> provider.stop(Duration.ofSeconds(1)));
        this.trackers.forEach(TestTrackers::stopQuietly);
    }

    private Tracker started(TrackerBuilder builder) {
        Tracker tracker = builder.build();
        this.trackers.add(tracker);
        tracker.startListener();
        return tracker;
    }

    private ExecutorService threads(int count) {
        ExecutorService executor = Executors.newFixedThreadPool(count);
        this.executors.add(executor);
        return executor;
    }

    /** Runs the work on that many threads at once, each given its number, and waits for all of them. */
    private void onThreads(int count, ThreadWork work) throws Exception {
        ExecutorService executor = threads(count);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int thread = 0; thread < count; thread++) {
            int number = thread;
            done.add(executor.submit(() -> {
                start.await();
                work.run(number);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get(60, TimeUnit.SECONDS);
        }
    }

    @FunctionalInterface
    private interface ThreadWork {
        void run(int thread) throws Exception;
    }

    @Test
    void aHundredThousandResponsesFromSixteenSendersAreEachHandledExactlyOnce() throws Exception {
        int count = 100_000;
        int senders = 16;
        AtomicIntegerArray handled = new AtomicIntegerArray(count);
        AtomicInteger observed = new AtomicInteger();
        Tracker tracker = started(Tracker.builder().socketPath(this.dir.resolve("tracker.sock"))
                .defaultTimeout(Duration.ofMinutes(5))
                .fallbackCallback((request, response) -> handled.incrementAndGet(Integer.parseInt(request.task())))
                .addObserver((request, response, outcome, latency) -> {
                    if (outcome == TrackerObserver.Outcome.SUCCESS) {
                        observed.incrementAndGet();
                    }
                }));
        byte[][] responses = new byte[count][];
        for (int i = 0; i < count; i++) {
            Request request = Request.create(String.valueOf(i), tracker.url().toString(), null);
            tracker.trackRequest(request);
            responses[i] = AcommJson.defaults().encode(Response.success(request, i));
        }
        AtomicInteger acked = new AtomicInteger();
        Sender sender = Sender.defaults();

        onThreads(senders, thread -> {
            for (int i = thread; i < count; i += senders) {
                sender.sendEncoded(tracker.url(), responses[i]);
                acked.incrementAndGet();
            }
        });

        assertThat(acked).as("responses acked").hasValue(count);
        TestSupport.await().until(() -> observed.get() >= count);
        int once = 0;
        for (int i = 0; i < count; i++) {
            assertThat(handled.get(i)).as("times response %s was handled", i).isEqualTo(1);
            once++;
        }
        assertThat(once).isEqualTo(count);
        assertThat(observed).as("successes observed").hasValue(count);
        assertThat(tracker.numRequests()).isZero();
    }

    /**
     * Each request gets a timeout of a few milliseconds and its response is sent after a random delay of about as
     * long, so that responses and timeouts race. Whichever wins, the request ends exactly once: an acked response
     * ends it as a success, a refused one means its timeout had ended it.
     */
    @Test
    void responsesRacingTheirOwnTimeoutsEndEachRequestExactlyOnce() throws Exception {
        int count = 4_000;
        int senders = 16;
        AtomicIntegerArray outcomes = new AtomicIntegerArray(count);
        AtomicReferenceArray<TrackerObserver.Outcome> outcome = new AtomicReferenceArray<>(count);
        AtomicReferenceArray<Boolean> acked = new AtomicReferenceArray<>(count);
        Tracker tracker = started(Tracker.builder().socketPath(this.dir.resolve("tracker.sock"))
                .timeoutResolution(Duration.ofMillis(1))
                .addObserver((request, response, ended, latency) -> {
                    int index = Integer.parseInt(request.task());
                    outcomes.incrementAndGet(index);
                    outcome.set(index, ended);
                }));
        Sender sender = Sender.defaults();

        onThreads(senders, thread -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = thread; i < count; i += senders) {
                Request request = Request.create(String.valueOf(i), tracker.url().toString(), null);
                long timeoutMicros = 1_000 + random.nextLong(4_000);
                tracker.trackRequest(request, Duration.ofNanos(timeoutMicros * 1_000));
                LockSupport.parkNanos(random.nextLong(timeoutMicros * 1_500));
                try {
                    sender.send(tracker.url(), Response.success(request, null));
                    acked.set(i, true);
                }
                catch (SendException ex) {
                    assertThat(ex).hasMessageContaining("no tracked request: " + request.id());
                    acked.set(i, false);
                }
            }
        });

        // every request ends, and then a quiet period: none ends a second time
        TestSupport.await().until(() -> IntStream.range(0, count).allMatch(i -> outcomes.get(i) != 0));
        TestSupport.assertQuietFor(Duration.ofMillis(50), () -> assertThat(IntStream.range(0, count)
                .filter(i -> outcomes.get(i) != 1).boxed().toList()).as("requests ended more than once").isEmpty());
        int successes = 0;
        int timeouts = 0;
        for (int i = 0; i < count; i++) {
            assertThat(outcomes.get(i)).as("outcomes of request %s", i).isEqualTo(1);
            TrackerObserver.Outcome expected = acked.get(i) ? TrackerObserver.Outcome.SUCCESS
                    : TrackerObserver.Outcome.TIMEOUT;
            assertThat(outcome.get(i)).as("outcome of request %s, whose response was %s", i,
                    acked.get(i) ? "acked" : "refused").isEqualTo(expected);
            if (acked.get(i)) {
                successes++;
            }
            else {
                timeouts++;
            }
        }
        System.out.println("responses racing their timeouts: " + successes + " won, " + timeouts + " lost");
        assertThat(successes).as("responses that won the race").isGreaterThan(count / 20);
        assertThat(timeouts).as("timeouts that won the race").isGreaterThan(count / 20);
        assertThat(tracker.numRequests()).isZero();
        assertThat(this.log.warnings("no tracked request")).as("late responses are the sender's to log").isEmpty();
    }

    @Test
    void aProviderUnderTwoHundredConcurrentRequestsRespectsAMaxConcurrencyOfEight() throws Exception {
        int requests = 200;
        int maxConcurrency = 8;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger peakInFlight = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        Provider[] self = new Provider[1];
        Provider provider = Provider.builder().socketPath(this.dir.resolve("provider.sock"))
                .maxConcurrency(maxConcurrency)
                .task("work", request -> {
                    runs.incrementAndGet();
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    peakInFlight.accumulateAndGet(self[0].inFlight(), Math::max);
                    try {
                        // the task's work: it holds its slot a while, so that tasks overlap
                        Thread.sleep(10);
                    }
                    finally {
                        running.decrementAndGet();
                    }
                    return CompletableFuture.completedFuture(Response.success(request, request.rawArgs()));
                })
                .build();
        self[0] = provider;
        this.providers.add(provider);
        provider.start();
        Tracker tracker = started(Tracker.builder().socketPath(this.dir.resolve("tracker.sock")));
        AtomicReferenceArray<CompletableFuture<Response>> responses = new AtomicReferenceArray<>(requests);
        int senders = 40;

        onThreads(senders, thread -> {
            for (int i = thread; i < requests; i += senders) {
                responses.set(i, tracker.send(provider.url(), Request.builder().task("work").args(i).build(),
                        Duration.ofSeconds(30)));
            }
        });

        for (int i = 0; i < requests; i++) {
            Response response = responses.get(i).get(30, TimeUnit.SECONDS);
            assertThat(response.error()).as("error of response %s", i).isNull();
            assertThat(response.result(Integer.class)).isEqualTo(i);
        }
        System.out.println("provider under " + requests + " requests: peak of " + peak + " tasks at once, "
                + peakInFlight + " requests in flight");
        assertThat(runs).as("tasks run").hasValue(requests);
        assertThat(peak).as("peak of tasks running at once").hasValue(maxConcurrency);
        assertThat(peakInFlight).as("peak of requests in flight").hasValueGreaterThan(maxConcurrency);
        TestSupport.await().until(() -> provider.inFlight() == 0);
        assertThat(tracker.numRequests()).isZero();
    }
}
