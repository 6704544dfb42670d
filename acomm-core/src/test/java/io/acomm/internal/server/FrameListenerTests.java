package io.acomm.internal.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.test.LogCapture;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocket;

import static io.acomm.test.TestSupport.WAIT;
import static io.acomm.test.TestSupport.assertClosedByPeer;
import static io.acomm.test.TestSupport.exchangeFrame;
import static io.acomm.test.TestSupport.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener reading frames: peers that send slowly or not at all hold no thread, the connection maximum, the read
 * budget, errors while handling a frame, and messages whose ack cannot be written.
 */
class FrameListenerTests {

    @RegisterExtension
    final TestSupport.Servers servers = new TestSupport.Servers();

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @TempDir
    Path dir;

    private final AcommJson json = AcommJson.defaults();

    private Path socket() {
        return this.dir.resolve("f.sock");
    }

    private byte[] request(String id) {
        return this.json.encode(Request.builder().id(id).task("t").responseHook(java.net.URI.create("unix:///x"))
                .build());
    }

    private UnixListener start(UnixListenerBuilder builder, FrameCodec codec, Function<byte[], Request> decoder,
            MessageHandler<Request> handler) throws IOException {
        return this.servers.start(builder, new FrameReceiver<>(codec, this.json, decoder, handler));
    }

    private UnixListener start(UnixListenerBuilder builder, MessageHandler<Request> handler) throws IOException {
        return start(builder, FrameCodec.defaults(), this.json::decodeRequest, handler);
    }

    @Test
    void aFrameTrickledInPiecesIsServedWithoutHoldingAnAcceptingThread() throws Exception {
        BlockingQueue<Request> received = new LinkedBlockingQueue<>();
        start(UnixListener.builder(socket()).name("trickle").maxConcurrency(1), request -> () -> received.add(request));
        byte[] frame = frame(request("slow"));
        try (AFUNIXSocket slow = TestSupport.connect(socket())) {
            slow.getOutputStream().write(frame, 0, 3);
            // the only accepting thread is free again: another peer is served while the first is still sending
            assertThat(exchangeFrame(socket(), request("quick")).isError()).isFalse();
            assertThat(TestSupport.poll(received).id()).isEqualTo("quick");
            slow.getOutputStream().write(frame, 3, frame.length - 3);
            Response ack = this.json.decodeResponse(FrameCodec.defaults().readFrame(slow));
            assertThat(ack.isError()).isFalse();
            assertThat(TestSupport.poll(received).id()).isEqualTo("slow");
        }
    }

    @Test
    void connectionsBeyondTheMaximumAreClosedAtOnceAndCounted() throws Exception {
        UnixListener listener = start(UnixListener.builder(socket()).name("max").maxConnections(2),
                request -> null);
        List<AFUNIXSocket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                silent.add(TestSupport.connect(socket()));
            }
            TestSupport.await().until(() -> listener.openConnections() == 2);
            try (AFUNIXSocket third = TestSupport.connect(socket())) {
                assertClosedByPeer(third);
            }
            assertThat(listener.refusedConnections()).isEqualTo(1);
            assertThat(this.log.warnings()).singleElement().asString()
                    .contains("closed at once: 2 connections are open, the maximum");
        }
        finally {
            for (AFUNIXSocket client : silent) {
                client.close();
            }
        }
        TestSupport.await().until(() -> listener.openConnections() == 0);
        assertThat(exchangeFrame(socket(), request("after")).isError()).isFalse();
    }

    @Test
    void aFrameBeyondTheReadBudgetWaitsUnreadUntilBytesAreGivenBack() throws Exception {
        FrameCodec codec = new FrameCodec(4096, Duration.ofSeconds(10));
        CountDownLatch firstDecoding = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        BlockingQueue<Request> received = new LinkedBlockingQueue<>();
        Function<byte[], Request> decoder = payload -> {
            Request request = this.json.decodeRequest(payload);
            if (request.id().startsWith("first")) {
                firstDecoding.countDown();
                await(releaseFirst);
            }
            return request;
        };
        // a budget of one maximum frame: the first frame holds it while it is being decoded
        UnixListener listener = start(UnixListener.builder(socket()).name("budget").readBudget(1), codec, decoder,
                request -> () -> received.add(request));
        // each exchange waits for its ack on a thread of its own (the common pool may have a single thread)
        ExecutorService senders = Executors.newFixedThreadPool(2);
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(
                () -> exchange(padded("first", 3000)), senders);
        assertThat(firstDecoding.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(
                () -> exchange(padded("second", 3000)), senders);
        TestSupport.await().until(() -> listener.openConnections() == 2);
        assertThat(received).isEmpty();
        assertThat(second).isNotDone();

        releaseFirst.countDown();

        assertThat(first.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).isError()).isFalse();
        assertThat(second.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).isError()).isFalse();
        assertThat(List.of(TestSupport.poll(received).id(), TestSupport.poll(received).id()))
                .extracting(id -> id.substring(0, id.indexOf('-')))
                .containsExactlyInAnyOrder("first", "second");
        senders.shutdown();
    }

    private byte[] padded(String prefix, int size) {
        StringBuilder id = new StringBuilder(prefix).append('-');
        while (id.length() < size) {
            id.append('x');
        }
        return request(id.toString());
    }

    private Response exchange(byte[] payload) {
        try {
            return exchangeFrame(socket(), payload);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anErrorWhileHandlingAFrameIsLoggedAndTheListenerIsUnhealthyUntilItServesAgain() throws Exception {
        AtomicInteger decoded = new AtomicInteger();
        Function<byte[], Request> decoder = payload -> {
            if (decoded.incrementAndGet() == 1) {
                throw new OutOfMemoryError("Java heap space (injected)");
            }
            return this.json.decodeRequest(payload);
        };
        UnixListener listener = start(UnixListener.builder(socket()).name("oom").maxConcurrency(1),
                FrameCodec.defaults(), decoder, request -> null);
        assertThat(listener.isHealthy()).isTrue();

        try (AFUNIXSocket client = TestSupport.connect(socket())) {
            client.getOutputStream().write(frame(request("oom")));
            assertClosedByPeer(client);
        }
        assertThat(listener.isHealthy()).isFalse();
        assertThat(listener.unhealthyCause()).isInstanceOf(OutOfMemoryError.class);
        assertThat(this.log.warnings()).singleElement().asString().contains("failed serving a connection")
                .contains("OutOfMemoryError");

        // the only accepting thread survived the error and serves the next frame, which makes the listener healthy
        assertThat(exchangeFrame(socket(), request("next")).isError()).isFalse();
        // the listener counts the frame as served once its handling returned, just after the ack went out
        TestSupport.await().until(listener::isHealthy);
        this.log.assertNoStackTraces();
    }

    @Test
    void aMessageWhoseAckCannotBeWrittenIsGivenUpAndNotHandled() throws Exception {
        CountDownLatch receiving = new CountDownLatch(1);
        CountDownLatch peerGone = new CountDownLatch(1);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        start(UnixListener.builder(socket()).name("ack"), request -> {
            receiving.countDown();
            await(peerGone);
            return new MessageHandler.Accepted() {
                @Override
                public void run() {
                    outcome.complete("handled");
                }

                @Override
                public void ackFailed() {
                    outcome.complete("given up");
                }
            };
        });
        try (AFUNIXSocket client = TestSupport.connect(socket())) {
            client.getOutputStream().write(frame(request("lost-ack")));
            assertThat(receiving.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }
        peerGone.countDown();

        assertThat(outcome.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("given up");
        assertThat(this.log.warnings()).singleElement().asString().contains("ack could not be written")
                .contains("not handled");
    }

    @Test
    void noThreadOrConnectionRemainsAfterStopWithFramesHalfRead() throws Exception {
        UnixListener listener = start(UnixListener.builder(socket()).name("halfread"), request -> null);
        List<AFUNIXSocket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                AFUNIXSocket client = TestSupport.connect(socket());
                client.getOutputStream().write(new byte[] { 0, 0 });
                clients.add(client);
            }
            TestSupport.await().until(() -> listener.openConnections() == 20);
            assertThat(listener.stop(Duration.ofSeconds(1))).isTrue();
            for (AFUNIXSocket client : clients) {
                assertClosedByPeer(client);
            }
        }
        finally {
            for (AFUNIXSocket client : clients) {
                client.close();
            }
        }
        assertThat(listener.openConnections()).isZero();
        TestSupport.awaitNoThreads("acomm-halfread-", Duration.ofSeconds(2));
    }
}
