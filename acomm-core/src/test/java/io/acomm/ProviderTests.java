package io.acomm;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.acomm.internal.server.UnixListener;
import io.acomm.internal.util.SocketPaths;
import io.acomm.test.LogCapture;
import io.acomm.test.TestSupport;
import io.acomm.test.TestTrackers;
import io.acomm.transport.UnixTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderTests {

    @TempDir
    Path dir;

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private Tracker tracker;
    private final List<Provider> providers = new ArrayList<>();

    @BeforeEach
    void startTracker() {
        this.tracker = Tracker.builder().socketPath(this.dir.resolve("tracker.sock")).build();
        this.tracker.startListener();
    }

    @AfterEach
    void stop() {
        this.providers.forEach(provider -> provider.stop(Duration.ofSeconds(1)));
        TestTrackers.stopQuietly(this.tracker);
    }

    private Provider started(ProviderBuilder builder) {
        Provider provider = builder.build();
        this.providers.add(provider);
        provider.start();
        return provider;
    }

    private Provider startedWith(String task, TaskHandler handler) {
        return started(Provider.builder().socketPath(this.dir.resolve("provider.sock")).task(task, handler));
    }

    private Response call(URI destination, String task, Object args) throws Exception {
        return this.tracker.send(destination, Request.builder().task(task).args(args).build(), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void servesATaskAndSendsTheResponseToTheHook() throws Exception {
        Provider provider = startedWith("sum", request -> CompletableFuture.completedFuture(
                Response.success(request, Map.of("sum", request.args(int[].class)[0] + request.args(int[].class)[1]))));

        Response response = call(provider.url(), "sum", List.of(2, 3));

        assertThat(response.isError()).isFalse();
        assertThat(response.rawResult().get("sum").asInt()).isEqualTo(5);
        assertThat(provider.tasks()).containsExactly("sum");
    }

    @Test
    void anUnknownTaskIsAnsweredWithAnError() throws Exception {
        Provider provider = startedWith("sum", request -> CompletableFuture.completedFuture(null));
        assertThat(call(provider.url(), "nope", null).error()).isEqualTo("unknown task: nope");
    }

    @Test
    void aThrowingTaskIsAnsweredWithItsMessage() throws Exception {
        Provider provider = startedWith("fail", request -> {
            throw new IllegalStateException("requested failure");
        });
        assertThat(call(provider.url(), "fail", null).error()).isEqualTo("requested failure");
    }

    @Test
    void anAsynchronousTaskIsAnsweredWhenItCompletes() throws Exception {
        CompletableFuture<Response> later = new CompletableFuture<>();
        AtomicInteger calls = new AtomicInteger();
        Provider provider = startedWith("later", request -> {
            calls.incrementAndGet();
            CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)
                    .execute(() -> later.complete(Response.success(request, "done")));
            return later;
        });
        assertThat(call(provider.url(), "later", null).result(String.class)).isEqualTo("done");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFailedFutureIsAnsweredWithItsMessage() throws Exception {
        Provider provider = startedWith("broken",
                request -> CompletableFuture.failedFuture(new IllegalArgumentException("bad args")));
        assertThat(call(provider.url(), "broken", null).error()).isEqualTo("bad args");
    }

    /**
     * A handler words the error of its failures, whether it threw or its stage failed; the log line shows the
     * failure itself.
     */
    @Test
    void aHandlerWordsTheErrorOfItsFailures() throws Exception {
        Provider provider = started(Provider.builder().socketPath(this.dir.resolve("provider.sock"))
                .task("thrown", wording(request -> {
                    throw new IllegalStateException("/dev/sdb3 is full");
                }))
                .task("failed", wording(request -> CompletableFuture.failedFuture(
                        new IllegalArgumentException("/dev/sdb4 is gone")))));

        assertThat(call(provider.url(), "thrown", null).error()).isEqualTo("thrown: IllegalStateException");
        assertThat(call(provider.url(), "failed", null).error()).isEqualTo("failed: IllegalArgumentException");
        assertThat(this.log.warnings("failed for request")).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("acomm task 'thrown'", "/dev/sdb3 is full"))
                .anySatisfy(line -> assertThat(line).contains("acomm task 'failed'", "/dev/sdb4 is gone"));
    }

    private static TaskHandler wording(TaskHandler task) {
        return new TaskHandler() {
            @Override
            public CompletableFuture<Response> handle(Request request) throws Exception {
                return task.handle(request).toCompletableFuture();
            }

            @Override
            public String errorMessage(Request request, Throwable failure) {
                return request.task() + ": " + failure.getClass().getSimpleName();
            }
        };
    }

    @Test
    void aRequestWithoutAHookGetsAnErrorAckAndTheProviderKeepsServing() throws Exception {
        Provider provider = startedWith("sum", request -> CompletableFuture.completedFuture(
                Response.success(request, 1)));
        Request hookless = Request.builder().task("sum").build();

        assertThatThrownBy(() -> Sender.defaults().send(provider.url(), hookless))
                .isInstanceOf(SendException.class).hasMessageContaining("missing response hook");
        assertThat(call(provider.url(), "sum", null).result(Integer.class)).isEqualTo(1);
    }

    @Test
    void eachTaskCanHaveItsOwnSocket() throws Exception {
        Path tasks = this.dir.resolve("tasks");
        Provider provider = started(Provider.builder().taskSocketDir(tasks)
                .task("ping", request -> CompletableFuture.completedFuture(Response.success(request, "pong")))
                .task("echo", request -> CompletableFuture.completedFuture(
                        Response.success(request, request.rawArgs()))));

        assertThat(provider.url()).isNull();
        assertThat(provider.socketPaths()).containsExactly(tasks.resolve("echo.sock"), tasks.resolve("ping.sock"));
        assertThat(call(UnixTransport.url(tasks.resolve("ping.sock")), "", null).result(String.class))
                .isEqualTo("pong");
        assertThat(call(UnixTransport.url(tasks.resolve("echo.sock")), "echo", "hi").result(String.class))
                .isEqualTo("hi");
    }

    @Test
    void noMoreTasksRunAtOnceThanTheLimit() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Provider provider = started(Provider.builder().socketPath(this.dir.resolve("p.sock")).maxConcurrency(4)
                .task("work", request -> {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    // the task's work: it holds its permit a while, so that tasks overlap
                    Thread.sleep(20);
                    running.decrementAndGet();
                    return CompletableFuture.completedFuture(Response.success(request, null));
                }));
        List<CompletableFuture<Response>> responses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            responses.add(this.tracker.send(provider.url(), Request.builder().task("work").build(),
                    Duration.ofSeconds(10)));
        }
        for (CompletableFuture<Response> response : responses) {
            assertThat(response.get(20, TimeUnit.SECONDS).isError()).isFalse();
        }
        assertThat(peak.get()).isEqualTo(4);
    }

    /**
     * Stopping with room to spare, or closing (which stops with the default timeout), waits for the task in flight:
     * its response is delivered, the stop answers true and warns of nothing, and the socket is gone.
     */
    @ParameterizedTest
    @ValueSource(strings = { "stop", "close" })
    void aCleanStopFinishesTheTaskInFlightAndDeletesTheSockets(String how) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Provider provider = startedWith("slow", request -> {
            started.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).as("task released").isTrue();
            return CompletableFuture.completedFuture(Response.success(request, "finished"));
        });
        CompletableFuture<Response> response = this.tracker.send(provider.url(),
                Request.builder().task("slow").build(), Duration.ofSeconds(5));
        assertThat(started.await(5, TimeUnit.SECONDS)).as("task started").isTrue();

        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> {
            if (how.equals("close")) {
                provider.close();
                return true;
            }
            return provider.stop(Duration.ofSeconds(5));
        });
        // the task is released only once the provider accepts no more: its socket file is gone
        TestSupport.await().until(() -> !Files.exists(this.dir.resolve("provider.sock")));
        assertThat(stopped).as("stop waits for the task in flight").isNotDone();
        release.countDown();

        assertThat(stopped.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(response.get(5, TimeUnit.SECONDS).result(String.class)).isEqualTo("finished");
        assertThat(this.log.warnings()).as("a clean stop warns of nothing").isEmpty();
        assertThat(Files.exists(this.dir.resolve("provider.sock"))).isFalse();
        assertThat(provider.isRunning()).isFalse();
        assertThatThrownBy(() -> Sender.defaults().send(UnixTransport.url(this.dir.resolve("provider.sock")),
                Request.create("slow", this.tracker.url().toString(), null))).isInstanceOf(SendException.class);
    }

    @Test
    void stopAnswersFalseAndWarnsOnceWhenATaskOutlivesTheTimeout() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Provider provider = startedWith("stuck", request -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                interrupted.countDown();
                throw ex;
            }
            return CompletableFuture.completedFuture(Response.success(request, "late"));
        });
        try {
            this.tracker.send(provider.url(), Request.builder().task("stuck").build(), Duration.ofSeconds(5));
            assertThat(started.await(5, TimeUnit.SECONDS)).as("task started").isTrue();

            assertThat(provider.stop(Duration.ofMillis(100))).isFalse();

            // the task cut off is counted in the stop line, and not reported again as a failed task
            assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("task interrupted").isTrue();
            TestSupport.assertQuietFor(Duration.ofMillis(300), () -> assertThat(this.log.warnings())
                    .as("one line for the provider").hasSize(1).allSatisfy(line -> assertThat(line)
                            .contains("stopped", "0 request(s) in flight finished, 1 cut off")));
            assertThat(provider.isRunning()).isFalse();
            assertThat(Files.exists(this.dir.resolve("provider.sock"))).isFalse();
        }
        finally {
            release.countDown();
        }
    }

    @Test
    void stoppingOrClosingAProviderThatNeverStartedDoesNothing() {
        Provider provider = Provider.builder().socketPath(this.dir.resolve("idle.sock")).task("t",
                request -> CompletableFuture.completedFuture(Response.success(request, null))).build();

        assertThat(provider.stop(Duration.ZERO)).isTrue();
        provider.close();
        assertThat(provider.isRunning()).isFalse();
    }

    @Test
    void anUndeliverableResponseDoesNotStopTheProvider() throws Exception {
        List<Response> completed = new CopyOnWriteArrayList<>();
        Provider provider = started(Provider.builder().socketPath(this.dir.resolve("p.sock"))
                .task("sum", request -> CompletableFuture.completedFuture(Response.success(request, 1)))
                .addObserver((request, response, known, duration) -> completed.add(response)));

        Sender.defaults().send(provider.url(), Request.create("sum", "unix://" + this.dir.resolve("gone.sock"), null));

        TestSupport.await().until(() -> completed.size() == 1 && provider.inFlight() == 0);
        assertThat(call(provider.url(), "sum", null).result(Integer.class)).isEqualTo(1);
    }

    @Test
    void observersSeeKnownAndUnknownTasks() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Provider provider = started(Provider.builder().socketPath(this.dir.resolve("p.sock"))
                .task("sum", request -> CompletableFuture.completedFuture(Response.success(request, 1)))
                .addObserver((request, response, known, duration) -> seen.add(request.task() + ":" + known + ":"
                        + response.isError())));
        call(provider.url(), "sum", null);
        TestSupport.await().until(() -> seen.size() == 1);
        call(provider.url(), "other", null);
        TestSupport.await().until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("sum:true:false", "other:false:true");
    }

    @Test
    void aFallbackHandlerAnswersTheTasksWithoutAHandlerOfTheirOwn() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Provider provider = started(Provider.builder().socketPath(this.dir.resolve("p.sock"))
                .task("sum", request -> CompletableFuture.completedFuture(Response.success(request, 1)))
                .fallbackHandler(request -> CompletableFuture.completedFuture(
                        Response.success(request, "fallback for " + request.task())))
                .addObserver((request, response, known, duration) -> seen.add(request.task() + ":" + known)));

        assertThat(call(provider.url(), "sum", null).result(Integer.class)).isEqualTo(1);
        assertThat(call(provider.url(), "other", null).result(String.class)).isEqualTo("fallback for other");
        TestSupport.await().until(() -> seen.size() == 2);
        assertThat(seen).containsExactlyInAnyOrder("sum:true", "other:false");
        assertThat(provider.tasks()).containsExactly("sum");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "..", "../escape", "a/b" })
    void aTaskWhoseNameIsNoFileNameCannotHaveASocketOfItsOwn(String task) {
        TaskHandler handler = request -> CompletableFuture.completedFuture(null);
        assertThatThrownBy(() -> Provider.builder().taskSocketDir(this.dir.resolve("tasks")).task(task, handler)
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("task '" + task + "'")
                .hasMessageContaining("must be a file name");
        // served on one socket for every task, the name is only a name
        assertThat(Provider.builder().socketPath(this.dir.resolve("p.sock")).task(task, handler).build().tasks())
                .containsExactly(task);
    }

    @Test
    void aSocketPathOverTheKernelsLimitFailsTheStartWithItsLength() {
        Path tooLong = this.dir.resolve("p".repeat(SocketPaths.MAX_BYTES) + ".sock");
        Provider provider = Provider.builder().socketPath(tooLong)
                .task("sum", request -> CompletableFuture.completedFuture(null)).build();
        this.providers.add(provider);
        assertThatThrownBy(provider::start).isInstanceOf(AcommException.class).hasMessageContaining(tooLong.toString())
                .hasMessageContaining("bytes long").hasMessageContaining("at most " + SocketPaths.MAX_BYTES + " bytes");
        assertThat(provider.isRunning()).isFalse();
        assertThat(tooLong).doesNotExist();
    }

    @Test
    void answersARequestWrittenByGoWithTheResponseGoWrites() throws Exception {
        Path hook = this.dir.resolve("go-tracker.sock");
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        UnixListener goTracker = UnixListener.builder(hook).build();
        goTracker.start(socket -> {
            received.add(FrameCodec.defaults().readFrame(socket));
            FrameCodec.defaults().writeFrame(socket.getOutputStream(), TestSupport.fixture("ack.json"));
        });
        try {
            Provider provider = startedWith("vm.create", request -> CompletableFuture.completedFuture(
                    Response.success(request, Map.of("id", "vm-42"))));
            byte[] goRequest = TestSupport.utf8(new String(TestSupport.fixture("request-unix-hook.json"),
                    StandardCharsets.UTF_8).replace("/run/acomm/tracker.sock", hook.toString()));

            Response ack = TestSupport.exchangeFrame(this.dir.resolve("provider.sock"), goRequest);

            assertThat(ack.isError()).isFalse();
            JsonNode response = TestSupport.tree(TestSupport.poll(received));
            JsonNode expected = TestSupport.tree(TestSupport.fixture("response-result-stream.json"));
            ((ObjectNode) expected).putNull("stream_url");
            assertThat(response).isEqualTo(expected);
        }
        finally {
            goTracker.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void aTaskHasOneHandler() {
        TaskHandler handler = request -> CompletableFuture.completedFuture(null);
        assertThatThrownBy(() -> Provider.builder().task("sum", handler).task("sum", handler))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sum'");
    }
}
