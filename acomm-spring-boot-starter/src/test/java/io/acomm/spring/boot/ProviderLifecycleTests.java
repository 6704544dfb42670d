package io.acomm.spring.boot;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.acomm.AcommJson;
import io.acomm.Provider;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Sender;
import io.acomm.Tracker;
import io.acomm.transport.UnixTransport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.acomm.spring.boot.AcommTestSupport.callTask;
import static io.acomm.spring.boot.AcommTestSupport.contextRunner;
import static io.acomm.spring.boot.AcommTestSupport.provider;
import static io.acomm.spring.boot.AcommTestSupport.providerRunner;
import static io.acomm.spring.boot.AcommTestSupport.providerSocket;
import static io.acomm.test.TestSupport.assertQuietFor;
import static io.acomm.test.TestSupport.await;
import static io.acomm.test.TestSupport.completing;
import static io.acomm.test.TestSupport.exchangeFrame;
import static io.acomm.test.TestSupport.exchangeRaw;
import static io.acomm.test.TestSupport.messageChain;
import static io.acomm.test.TestSupport.refusedUrl;
import static io.acomm.test.TestSupport.resultOf;
import static io.acomm.test.TestTrackers.callTask;
import static io.acomm.test.TestTrackers.startTracker;
import static io.acomm.test.TestTrackers.stopQuietly;
import static io.acomm.test.TestTrackers.track;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider that serves the {@link AcommTask} methods: its sockets and their properties, how it treats bad input,
 * its bounded concurrency, starting and stopping with the context, its customizers, health details and metrics.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProviderLifecycleTests {

    @TempDir
    Path socketDir;

    private static Response success(Response response) {
        assertThat(response.error()).as("error of %s", response).isNull();
        return response;
    }

    @Test
    void providerListensOnTheSocketPathWhileTheContextRuns() {
        Path socket = providerSocket(this.socketDir);
        AtomicReference<Provider> provider = new AtomicReference<>();
        providerRunner(this.socketDir).withUserConfiguration(SumConfiguration.class)
                .withPropertyValues("acomm.unix.socket-permissions=0660").run(context -> {
                    provider.set(provider(context));
                    assertThat(context.getBean(ProviderLifecycle.class).isRunning()).isTrue();
                    assertThat(provider.get().isRunning()).isTrue();
                    assertThat(provider.get().url()).isEqualTo(URI.create("unix://" + socket));
                    assertThat(provider.get().socketPaths()).containsExactly(socket);
                    assertThat(provider.get().tasks()).containsExactly("sum");
                    assertThat(Files.getPosixFilePermissions(socket))
                            .isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
                    assertThat(success(callTask(context, "sum", List.of(1, 2, 3))).rawResult().asInt()).isEqualTo(6);
                });
        assertThat(provider.get().isRunning()).isFalse();
        assertThat(socket).doesNotExist();
    }

    @Test
    void withoutAnyAcommTaskThereIsNoProviderAndNoSocket() {
        providerRunner(this.socketDir).withPropertyValues("acomm.provider.socket-dir=" + this.socketDir.resolve("t"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ProviderLifecycle.class);
                    ProviderLifecycle lifecycle = context.getBean(ProviderLifecycle.class);
                    assertThat(lifecycle.provider()).isNull();
                    assertThat(lifecycle.isRunning()).isFalse();
                    assertThat(providerSocket(this.socketDir)).doesNotExist();
                    assertThat(this.socketDir.resolve("t")).doesNotExist();
                    assertThat(context.getBean(AcommHealthIndicator.class).health().getDetails())
                            .containsKey("trackerSocket").doesNotContainKeys("providerSockets", "tasks");
                });
    }

    @Test
    void defaultSocketIsProviderSockInAPrivateDirectoryInTheTempDirectory() {
        String tempDir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", this.socketDir.toString());
        try {
            contextRunner(this.socketDir).withUserConfiguration(SumConfiguration.class).run(context -> {
                Path socket = context.getBean(AcommSocketLocations.class).privateDir().resolve("provider.sock");
                assertThat(socket.getParent().getParent()).isEqualTo(this.socketDir);
                assertThat(provider(context).socketPaths()).containsExactly(socket);
                assertThat(socket).exists();
                assertThat(success(callTask(context, "sum", List.of(4))).rawResult().asInt()).isEqualTo(4);
            });
        }
        finally {
            System.setProperty("java.io.tmpdir", tempDir);
        }
    }

    @Test
    void socketDirGivesEachTaskItsOwnSocketServingRequestsWithAnEmptyTask() {
        Path taskDir = this.socketDir.resolve("tasks");
        Path sumSocket = taskDir.resolve("sum.sock");
        Path blockSocket = taskDir.resolve("block.sock");
        contextRunner(this.socketDir).withUserConfiguration(SumConfiguration.class, GateConfiguration.class)
                .withPropertyValues("acomm.provider.socket-dir=" + taskDir).run(context -> {
                    Provider provider = provider(context);
                    assertThat(provider.url()).isNull();
                    assertThat(provider.socketPaths()).containsExactly(blockSocket, sumSocket);
                    assertThat(sumSocket).exists();
                    assertThat(blockSocket).exists();

                    Tracker tracker = context.getBean(Tracker.class);
                    Request emptyTask = Request.builder().args(List.of(2, 5)).build();
                    assertThat(emptyTask.task()).isEmpty();
                    Response response = success(callTask(tracker, UnixTransport.url(sumSocket), emptyTask));
                    assertThat(response.rawResult().asInt()).isEqualTo(7);
                    assertThat(context.getBean(Invocations.class).tasks).containsExactly("sum");
                });
        assertThat(sumSocket).doesNotExist();
        assertThat(blockSocket).doesNotExist();
    }

    @Test
    void badInputGetsAnErrorAckAndTheProviderKeepsServing() {
        providerRunner(this.socketDir).withUserConfiguration(SumConfiguration.class).run(context -> {
            Path socket = providerSocket(this.socketDir);
            Tracker tracker = context.getBean(Tracker.class);
            String hook = tracker.url().toString();

            assertThat(exchangeFrame(socket, "{not json").error()).contains("invalid request JSON");
            assertThat(exchangeFrame(socket, "[1,2]").error()).contains("invalid request");
            assertThat(exchangeFrame(socket, "{\"id\":\"r-1\",\"task\":\"sum\",\"args\":[1,2]}").error())
                    .contains("missing response hook");
            assertThat(exchangeFrame(socket, "{\"task\":\"sum\",\"responsehook\":\"" + hook + "\",\"args\":[1,2]}")
                    .error()).contains("missing id");
            assertThat(exchangeRaw(socket, new byte[] { 0, 0, 0, 0 }).error()).contains("empty frame");

            CompletableFuture<Response> answered = new CompletableFuture<>();
            Request request = track(tracker, "sum", List.of(1, 2), completing(answered), completing(answered));
            Response ack = exchangeFrame(socket, new String(context.getBean(AcommJson.class).encode(request)));
            assertThat(ack.error()).isNull();
            assertThat(ack.id()).isEmpty();
            assertThat(success(resultOf(answered)).rawResult().asInt()).isEqualTo(3);
            assertThat(context.getBean(Invocations.class).tasks).containsExactly("sum");
        });
    }

    @Test
    void undeliverableResponsesAreLoggedWithIdTaskAndHookAndTheProviderKeepsServing(CapturedOutput output) {
        providerRunner(this.socketDir).withUserConfiguration(SumConfiguration.class).run(context -> {
            URI unixHook = UnixTransport.url(this.socketDir.resolve("gone.sock"));
            URI httpHook = refusedUrl();
            Sender sender = context.getBean(Sender.class);
            Request toUnix = Request.builder().task("sum").responseHook(unixHook).args(List.of(1)).build();
            Request toHttp = Request.builder().task("sum").responseHook(httpHook).args(List.of(2)).build();
            sender.send(provider(context).url(), toUnix);
            sender.send(provider(context).url(), toHttp);

            await().untilAsserted(() -> assertThat(output.toString())
                    .contains("acomm response to request " + toUnix.id() + " (task 'sum') could not be delivered to "
                            + unixHook)
                    .contains("acomm response to request " + toHttp.id() + " (task 'sum') could not be delivered to "
                            + httpHook));
            assertThat(success(callTask(context, "sum", List.of(3, 4))).rawResult().asInt()).isEqualTo(7);
        });
    }

    @Test
    void maxConcurrencyBoundsTheTasksRunningAtOnce() {
        providerRunner(this.socketDir).withUserConfiguration(SlowConfiguration.class)
                .withPropertyValues("acomm.provider.max-concurrency=3").run(context -> {
                    Tracker tracker = context.getBean(Tracker.class);
                    URI url = provider(context).url();
                    List<CompletableFuture<Response>> responses = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        responses.add(tracker.send(url, Request.builder().task("slow").args(i).build(),
                                Duration.ofSeconds(10)));
                    }
                    for (int i = 0; i < 20; i++) {
                        assertThat(success(resultOf(responses.get(i))).rawResult().asInt()).isEqualTo(i);
                    }
                    SlowTask slow = context.getBean(SlowTask.class);
                    assertThat(slow.calls).hasValue(20);
                    assertThat(slow.peak).hasValue(3);
                });
    }

    @Test
    void closeWaitsForTheTaskInFlightWhoseResponseIsStillDelivered() {
        Tracker origin = startTracker(this.socketDir);
        try {
            Path socket = providerSocket(this.socketDir);
            providerRunner(this.socketDir).withUserConfiguration(GateConfiguration.class)
                    .withPropertyValues("acomm.provider.shutdown-timeout=20s").run(context -> {
                        Gate gate = context.getBean(Gate.class);
                        ProviderLifecycle lifecycle = context.getBean(ProviderLifecycle.class);
                        CompletableFuture<Response> response = origin.send(provider(context).url(),
                                Request.builder().task("block").args("late").build(), Duration.ofSeconds(20));
                        assertThat(gate.started.await(5, TimeUnit.SECONDS)).isTrue();
                        assertThat(response).as("acked before the task finished").isNotDone();

                        CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
                        await().until(() -> Files.notExists(socket));
                        // a quiet period, for an assertion that nothing happens: close does not end meanwhile
                        assertQuietFor(Duration.ofMillis(300), () -> assertThat(closed)
                                .as("close waits for the task in flight").isNotDone());

                        gate.release.countDown();
                        assertThat(success(resultOf(response)).rawResult().asString()).isEqualTo("released late");
                        resultOf(closed);
                        assertThat(lifecycle.isRunning()).isFalse();
                        assertThat(socket).doesNotExist();
                    });
        }
        finally {
            stopQuietly(origin);
        }
    }

    @Test
    void closeWaitsNoLongerThanTheShutdownTimeout(CapturedOutput output) {
        Tracker origin = startTracker(this.socketDir);
        AtomicReference<Gate> gate = new AtomicReference<>();
        AtomicLong closingFrom = new AtomicLong();
        try {
            providerRunner(this.socketDir).withUserConfiguration(GateConfiguration.class)
                    .withPropertyValues("acomm.provider.shutdown-timeout=300ms").run(context -> {
                        gate.set(context.getBean(Gate.class));
                        origin.send(provider(context).url(), Request.builder().task("block").build(),
                                Duration.ofSeconds(20));
                        assertThat(gate.get().started.await(5, TimeUnit.SECONDS)).isTrue();
                        closingFrom.set(System.nanoTime());
                    });
            long closedAfterMillis = (System.nanoTime() - closingFrom.get()) / 1_000_000;
            assertThat(closedAfterMillis).isBetween(250L, 2_500L);
            assertThat(output).contains("stopped: 0 request(s) in flight finished, 1 cut off");
            assertThat(providerSocket(this.socketDir)).doesNotExist();
        }
        finally {
            if (gate.get() != null) {
                gate.get().release.countDown();
            }
            stopQuietly(origin);
        }
    }

    @Test
    void contextStopAndStartStopAndRestartTheProvider() {
        Path socket = providerSocket(this.socketDir);
        providerRunner(this.socketDir).withUserConfiguration(SumConfiguration.class).run(context -> {
            Provider first = provider(context);
            context.stop();
            assertThat(context.getBean(ProviderLifecycle.class).isRunning()).isFalse();
            assertThat(first.isRunning()).isFalse();
            assertThat(socket).doesNotExist();

            context.start();
            assertThat(socket).exists();
            assertThat(success(callTask(context, "sum", List.of(1, 1))).rawResult().asInt()).isEqualTo(2);
        });
    }

    @Test
    void socketALiveListenerAnswersOnFailsStartUpAndIsLeftAlone() {
        Path socket = providerSocket(this.socketDir);
        providerRunner(this.socketDir).withUserConfiguration(SumConfiguration.class).run(first -> {
            providerRunner(this.socketDir).withUserConfiguration(SumConfiguration.class).run(second -> {
                assertThat(second).hasFailed();
                assertThat(messageChain(second.getStartupFailure())).contains("cannot listen on " + socket)
                        .contains("another listener is already active");
            });
            assertThat(socket).exists();
            assertThat(success(callTask(first, "sum", List.of(5))).rawResult().asInt()).isEqualTo(5);
        });
    }

    @Test
    void providerCustomizersAddTasksAndObservers() {
        List<String> observed = new CopyOnWriteArrayList<>();
        providerRunner(this.socketDir).withUserConfiguration(SumConfiguration.class)
                .withBean("programmaticTask", ProviderCustomizer.class, () -> builder -> builder
                        .task("programmatic", request -> CompletableFuture.completedFuture(
                                Response.success(request, "programmatic " + request.rawArgs().asString())))
                        .addObserver((request, response, known, duration) ->
                                observed.add(request.task() + ":" + known)))
                .run(context -> {
                    assertThat(provider(context).tasks()).containsExactlyInAnyOrder("sum", "programmatic");
                    assertThat(success(callTask(context, "programmatic", "x")).rawResult().asString())
                            .isEqualTo("programmatic x");
                    assertThat(success(callTask(context, "sum", List.of(1))).rawResult().asInt()).isEqualTo(1);
                    callTask(context, "nope", null);
                    // observers run once a response has been delivered, which may be after the caller has it
                    await().until(() -> observed.size() == 3);
                    assertThat(observed).containsExactlyInAnyOrder("programmatic:true", "sum:true", "nope:false");
                });
    }

    @Test
    void healthDetailsListTheProviderSocketsTasksAndTasksInFlight() {
        Path taskDir = this.socketDir.resolve("tasks");
        providerRunner(this.socketDir).withUserConfiguration(SumConfiguration.class, GateConfiguration.class)
                .withPropertyValues("acomm.provider.socket-dir=" + taskDir).run(context -> {
                    AcommHealthIndicator indicator = context.getBean(AcommHealthIndicator.class);
                    Health health = indicator.health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails())
                            .containsEntry("providerSockets", List.of(providerSocket(this.socketDir).toString(),
                                    taskDir.resolve("block.sock").toString(), taskDir.resolve("sum.sock").toString()))
                            .containsEntry("tasks", List.of("block", "sum"))
                            .containsEntry("tasksInFlight", 0);

                    Gate gate = context.getBean(Gate.class);
                    CompletableFuture<Response> blocked = context.getBean(Tracker.class).send(provider(context).url(),
                            Request.builder().task("block").args("x").build(), Duration.ofSeconds(10));
                    assertThat(gate.started.await(5, TimeUnit.SECONDS)).isTrue();
                    assertThat(indicator.health().getDetails()).containsEntry("tasksInFlight", 1);
                    gate.release.countDown();
                    success(resultOf(blocked));
                    await().untilAsserted(() -> assertThat(indicator.health().getDetails())
                            .containsEntry("tasksInFlight", 0));
                });
    }

    @Test
    void answeredRequestsAreCountedByTaskAndOutcome() {
        providerRunner(this.socketDir).withUserConfiguration(SumConfiguration.class)
                .withBean(SimpleMeterRegistry.class).run(context -> {
                    success(callTask(context, "sum", List.of(1)));
                    success(callTask(context, "sum", List.of(2)));
                    assertThat(callTask(context, "sum", "not numbers").isError()).isTrue();
                    assertThat(callTask(context, "nope", null).error()).isEqualTo("unknown task: nope");

                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    // tasks are counted once their response has been delivered, which may be after the caller has it
                    await().untilAsserted(() -> {
                        assertThat(tasks(registry, "sum", "success")).isEqualTo(2);
                        assertThat(tasks(registry, "sum", "error")).isEqualTo(1);
                        assertThat(tasks(registry, "unknown", "error")).isEqualTo(1);
                    });
                    assertThat(tasks(registry, "unknown", "success")).isZero();
                    assertThat(registry.find("acomm.tasks").tag("task", "nope").counters()).isEmpty();
                    assertThat(registry.find("acomm.tasks").counters()).hasSize(3);
                });
    }

    private static double tasks(MeterRegistry registry, String task, String outcome) {
        Counter counter = registry.find("acomm.tasks").tag("task", task).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * Which tasks ran, in order.
     */
    static class Invocations {

        final List<String> tasks = new CopyOnWriteArrayList<>();
    }

    static class SumTask {

        private final Invocations invocations;

        SumTask(Invocations invocations) {
            this.invocations = invocations;
        }

        @AcommTask("sum")
        int sum(List<Integer> numbers) {
            this.invocations.tasks.add("sum");
            return numbers.stream().mapToInt(Integer::intValue).sum();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SumConfiguration {

        @Bean
        Invocations invocations() {
            return new Invocations();
        }

        @Bean
        SumTask sumTask(Invocations invocations) {
            return new SumTask(invocations);
        }
    }

    /**
     * A task that blocks until the test releases it.
     */
    static class Gate {

        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @AcommTask("block")
        String block(String text) throws InterruptedException {
            this.started.countDown();
            if (!this.release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return "released " + text;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GateConfiguration {

        @Bean
        Gate gate() {
            return new Gate();
        }
    }

    /**
     * A task that takes a while and records how many of its invocations ran at once.
     */
    static class SlowTask {

        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();

        @AcommTask("slow")
        Integer slow(Integer value) throws InterruptedException {
            this.calls.incrementAndGet();
            this.peak.accumulateAndGet(this.running.incrementAndGet(), Math::max);
            try {
                // the task's work: it takes a while, so that invocations overlap
                Thread.sleep(100);
                return value;
            }
            finally {
                this.running.decrementAndGet();
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SlowConfiguration {

        @Bean
        SlowTask slowTask() {
            return new SlowTask();
        }
    }
}
