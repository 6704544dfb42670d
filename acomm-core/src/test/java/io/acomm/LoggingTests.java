package io.acomm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.acomm.test.Endpoints;
import io.acomm.test.LogCapture;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees at the default level, INFO, over real sockets: a task that throws is one WARN line without a
 * stack trace, a late response is one line, and a tracker or provider that stops says so in one line with its counts.
 */
class LoggingTests {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @TempDir
    Path dir;

    @RegisterExtension
    final Endpoints endpoints = new Endpoints(() -> this.dir);

    @Test
    void aTaskThatThrowsIsOneWarningWithItsIdTaskAndMessageAndNoStackTrace() throws Exception {
        Provider provider = this.endpoints.provider("fail", request -> {
            throw new IllegalStateException("the disk is full");
        });
        Tracker tracker = this.endpoints.tracker();
        Request request = Request.builder().task("fail").build();

        Response response = tracker.send(provider.url(), request, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        assertThat(response.error()).contains("the disk is full");
        this.log.awaitWarning("failed for request " + request.id());
        this.log.assertOneWarning("acomm task 'fail' failed for request " + request.id(), "IllegalStateException",
                "the disk is full");
    }

    /**
     * A handler that fails to word the error of a failure (it throws, or gives no text) leaves the failure's own
     * message in the response, and the one WARN line of the failure says so too.
     */
    @Test
    void aHandlerThatFailsToWordAnErrorIsInTheOneWarningOfItsTask() throws Exception {
        Provider provider = this.endpoints.provider("fail", new TaskHandler() {
            @Override
            public CompletableFuture<Response> handle(Request request) {
                throw new IllegalStateException("the disk is full");
            }

            @Override
            public String errorMessage(Request request, Throwable failure) {
                if (request.args(String.class).equals("throw")) {
                    throw new IllegalArgumentException("no words for " + failure.getMessage());
                }
                return "";
            }
        });
        Tracker tracker = this.endpoints.tracker();
        Request throwing = Request.builder().task("fail").args("throw").build();

        Response response = tracker.send(provider.url(), throwing, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        assertThat(response.error()).isEqualTo("the disk is full");
        this.log.awaitWarning("failed for request " + throwing.id());
        this.log.assertOneWarning("acomm task 'fail' failed for request " + throwing.id(),
                "IllegalStateException: the disk is full; its handler failed to word the error: "
                        + "java.lang.IllegalArgumentException: no words for the disk is full");

        this.log.clear();
        Request empty = Request.builder().task("fail").args("empty").build();
        assertThat(tracker.send(provider.url(), empty, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS).error())
                .isEqualTo("the disk is full");
        this.log.awaitWarning("failed for request " + empty.id());
        this.log.assertOneWarning("the disk is full; its handler failed to word the error: ",
                "error message must not be empty");
    }

    /**
     * A response that arrives after its request timed out is refused by the tracker and logged once, by the provider
     * that could not deliver it, with the request's id, task and hook; the tracker's refusal is DEBUG only.
     */
    @Test
    void aLateResponseIsOneLine() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Provider provider = this.endpoints.provider("slow", request -> {
            release.await(10, TimeUnit.SECONDS);
            return CompletableFuture.completedFuture(Response.success(request, "late"));
        });
        Tracker tracker = this.endpoints.tracker();
        Request request = Request.builder().task("slow").build();

        Response timedOut = tracker.send(provider.url(), request, Duration.ofMillis(100)).get(10, TimeUnit.SECONDS);
        assertThat(timedOut.error()).isEqualTo(Tracker.TIMEOUT_ERROR);
        release.countDown();

        this.log.awaitWarning("could not be delivered");
        TestSupport.await().until(() -> provider.inFlight() == 0);
        assertThat(this.log.lines().stream().filter(line -> line.contains(request.id())))
                .singleElement().asString().contains("WARN", "request " + request.id(), "task 'slow'",
                        "delivered to " + tracker.url(), "no tracked request");
        this.log.assertNoStackTraces();
    }

    @Test
    void aTrackerThatStopsSaysInOneInfoLineHowManyRequestsWereDrained() {
        Tracker tracker = this.endpoints.tracker();
        tracker.trackRequest(Request.create("drained", tracker.url().toString(), null), Duration.ofMillis(50));

        assertThat(tracker.stopListener(Duration.ofSeconds(5))).isTrue();

        assertThat(this.log.lines()).singleElement().asString().contains("INFO",
                "acomm tracker on " + this.dir.resolve("tracker.sock") + " stopped: 1 request(s) drained, "
                        + "0 answered 'tracker stopped'");
    }

    @Test
    void aTrackerThatStopsWithRequestsLeftSaysSoInOneWarning() {
        Tracker tracker = this.endpoints.tracker();
        tracker.trackRequest(Request.create("drained", tracker.url().toString(), null), Duration.ofMillis(50));
        tracker.trackRequest(Request.create("left", tracker.url().toString(), null), Duration.ofMinutes(1));

        assertThat(tracker.stopListener(Duration.ofMillis(300))).isFalse();

        assertThat(this.log.lines()).singleElement().asString().contains("WARN",
                "stopped: 1 request(s) drained, 1 answered 'tracker stopped' after PT0.3S");
    }

    @Test
    void aProviderThatStopsSaysInOneInfoLineHowManyRequestsFinished() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Provider provider = this.endpoints.provider("slow", request -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            return CompletableFuture.completedFuture(Response.success(request, "done"));
        });
        Tracker tracker = this.endpoints.tracker();
        CompletableFuture<Response> response = tracker.send(provider.url(), Request.builder().task("slow").build(),
                Duration.ofSeconds(5));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> provider.stop(Duration.ofSeconds(5)));
        TestSupport.await().until(() -> !Files.exists(this.dir.resolve("provider.sock")));
        release.countDown();

        assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(response.get(5, TimeUnit.SECONDS).result(String.class)).isEqualTo("done");
        assertThat(this.log.lines()).singleElement().asString().contains("INFO",
                "acomm provider on [" + this.dir.resolve("provider.sock") + "] stopped: 1 request(s) in flight "
                        + "finished, 0 cut off");
    }
}
