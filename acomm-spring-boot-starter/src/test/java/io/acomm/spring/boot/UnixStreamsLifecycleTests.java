package io.acomm.spring.boot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Streams;
import io.acomm.Tracker;
import io.acomm.UnixStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.acomm.spring.boot.AcommTestSupport.provider;
import static io.acomm.spring.boot.AcommTestSupport.providerRunner;
import static io.acomm.test.TestSupport.await;
import static io.acomm.test.TestSupport.resultOf;
import static io.acomm.test.TestTrackers.startTracker;
import static io.acomm.test.TestTrackers.stopQuietly;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's {@link UnixStreams}: shared by the tracker and the tasks that return streams, started first and
 * stopped last, so that a task's stream does not depend on the tracker still running.
 */
class UnixStreamsLifecycleTests {

    @TempDir
    Path socketDir;

    @Test
    void theTrackerAndTheTasksShareTheStreamsThatRunWithTheContext() {
        providerRunner(this.socketDir).withUserConfiguration(StreamTaskConfiguration.class)
                .withBean(Gates.class, Gates::new).run(context -> {
                    UnixStreams streams = context.getBean(UnixStreams.class);
                    Tracker tracker = context.getBean(Tracker.class);
                    assertThat(context.getBean(UnixStreamsLifecycle.class).isRunning()).isTrue();

                    URI stream = tracker.newStreamUnix(null, new ByteArrayInputStream(new byte[] { 1 }));

                    assertThat(streams.isOwnStream(stream)).isTrue();
                    context.stop();
                    assertThat(streams.isRunning()).isFalse();
                    assertThat(streams.isOwnStream(stream)).isFalse();
                });
    }

    @Test
    void aTaskReturningAStreamWhileTheApplicationShutsDownServesItAfterTheTrackerStopped() {
        Tracker origin = startTracker(this.socketDir);
        Gates gates = new Gates();
        try {
            providerRunner(this.socketDir).withUserConfiguration(StreamTaskConfiguration.class)
                    .withBean(Gates.class, () -> gates)
                    .withPropertyValues("acomm.provider.shutdown-timeout=20s").run(context -> {
                        URI provider = provider(context).url();
                        CompletableFuture<Response> streamed = origin.send(provider,
                                Request.builder().task("stream").build(), Duration.ofSeconds(20));
                        // a second task in flight holds the provider's stop, so the streams stop only after it
                        CompletableFuture<Response> held = origin.send(provider,
                                Request.builder().task("hold").build(), Duration.ofSeconds(20));
                        assertThat(gates.streamStarted.await(5, TimeUnit.SECONDS)).isTrue();
                        assertThat(gates.holdStarted.await(5, TimeUnit.SECONDS)).isTrue();

                        Tracker tracker = context.getBean(Tracker.class);
                        UnixStreams streams = context.getBean(UnixStreams.class);
                        CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
                        await().until(() -> !tracker.isListening());
                        gates.stream.countDown();

                        Response response = resultOf(streamed);
                        assertThat(response.error()).as("error of %s", response).isNull();
                        ByteArrayOutputStream read = new ByteArrayOutputStream();
                        Streams.stream(read, response.streamUrl());
                        assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("streamed while stopping");

                        gates.hold.countDown();
                        assertThat(resultOf(held).error()).isNull();
                        resultOf(closed);
                        assertThat(streams.isRunning()).isFalse();
                    });
        }
        finally {
            gates.stream.countDown();
            gates.hold.countDown();
            stopQuietly(origin);
        }
    }

    /** Latches that hold the two tasks until the test lets them go. */
    static class Gates {

        final CountDownLatch streamStarted = new CountDownLatch(1);
        final CountDownLatch stream = new CountDownLatch(1);
        final CountDownLatch holdStarted = new CountDownLatch(1);
        final CountDownLatch hold = new CountDownLatch(1);
    }

    /** A task that returns a stream and a task that only waits, each once its gate opens. */
    static class StreamTasks {

        private final Gates gates;

        StreamTasks(Gates gates) {
            this.gates = gates;
        }

        @AcommTask("stream")
        InputStream stream() throws InterruptedException {
            this.gates.streamStarted.countDown();
            this.gates.stream.await();
            return new ByteArrayInputStream("streamed while stopping".getBytes(StandardCharsets.UTF_8));
        }

        @AcommTask("hold")
        String hold() throws InterruptedException {
            this.gates.holdStarted.countDown();
            this.gates.hold.await();
            return "held";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StreamTaskConfiguration {

        @Bean
        StreamTasks streamTasks(Gates gates) {
            return new StreamTasks(gates);
        }
    }
}
