package io.acomm.internal.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import io.acomm.MessageRefusedException;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocket;

import static io.acomm.test.TestSupport.WAIT;
import static io.acomm.test.TestSupport.exchangeFrame;
import static io.acomm.test.TestSupport.exchangeRaw;
import static io.acomm.test.TestSupport.header;
import static io.acomm.test.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

class FrameReceiverTests {

    @RegisterExtension
    final TestSupport.Servers servers = new TestSupport.Servers();

    @TempDir
    Path dir;

    private final AcommJson json = AcommJson.defaults();

    private final Request request = Request.create("vm.create", "unix:///run/tracker.sock", null);

    private Path socket() {
        return this.dir.resolve("r.sock");
    }

    private void startReceiver(FrameCodec codec, MessageHandler<Request> handler) throws Exception {
        this.servers.start(socket(), FrameReceiver.forRequests(codec, this.json, handler));
    }

    private Response send(Request message) throws Exception {
        return exchangeFrame(socket(), this.json.encode(message));
    }

    @Test
    void acksThenRunsTheWorkOnTheListenerThread() throws Exception {
        CountDownLatch ackReceived = new CountDownLatch(1);
        CompletableFuture<String> workThread = new CompletableFuture<>();
        CompletableFuture<Boolean> workSawAck = new CompletableFuture<>();
        BlockingQueue<Request> received = new LinkedBlockingQueue<>();
        startReceiver(FrameCodec.defaults(), message -> {
            received.add(message);
            return () -> {
                workThread.complete(Thread.currentThread().getName());
                try {
                    workSawAck.complete(ackReceived.await(2, TimeUnit.SECONDS));
                }
                catch (InterruptedException ex) {
                    workSawAck.completeExceptionally(ex);
                }
            };
        });

        Response ack = send(this.request);
        ackReceived.countDown();

        assertThat(ack.isError()).isFalse();
        assertThat(ack.id()).isEmpty();
        assertThat(TestSupport.poll(received).id()).isEqualTo(this.request.id());
        assertThat(workThread.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("acomm-test-");
        assertThat(workSawAck.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("work ran after the ack").isTrue();
    }

    @Test
    void theConnectionIsClosedBeforeWorkRunInlineStarts() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        this.servers.start(socket(), FrameReceiver.forRequests(FrameCodec.defaults(), this.json, message -> () -> {
            try {
                release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }));
        try (AFUNIXSocket client = TestSupport.connect(socket())) {
            FrameCodec.defaults().writeFrame(client.getOutputStream(), this.json.encode(this.request));
            assertThat(this.json.decodeResponse(FrameCodec.defaults().readFrame(client)).isError()).isFalse();

            client.setSoTimeout(1000);
            assertThat(client.getInputStream().read()).as("end of stream while the work still runs").isEqualTo(-1);
        }
        finally {
            release.countDown();
        }
    }

    @Test
    void okAckIsExactlyTheGoAck() throws Exception {
        startReceiver(FrameCodec.defaults(), message -> null);

        try (AFUNIXSocket client = TestSupport.connect(socket())) {
            FrameCodec.defaults().writeFrame(client.getOutputStream(), this.json.encode(this.request));

            assertThat(TestSupport.tree(FrameCodec.defaults().readFrame(client)))
                    .isEqualTo(TestSupport.tree(TestSupport.fixture("ack.json")));
        }
    }

    @Test
    void refusedMessageGetsAnErrorAckAndNoWork() throws Exception {
        BlockingQueue<String> workDone = new LinkedBlockingQueue<>();
        startReceiver(FrameCodec.defaults(), message -> {
            if (message.task().equals("forbidden")) {
                throw new MessageRefusedException("task forbidden is not allowed");
            }
            return () -> workDone.add(message.task());
        });

        Response refused = send(Request.create("forbidden", "unix:///x.sock", null));
        Response accepted = send(this.request);

        assertThat(refused.error()).isEqualTo("task forbidden is not allowed");
        assertThat(refused.id()).isEmpty();
        assertThat(accepted.isError()).isFalse();
        // the refused message is acked before the other is sent, and its work would run before the next accept
        assertThat(TestSupport.poll(workDone)).isEqualTo("vm.create");
        assertThat(workDone).isEmpty();
    }

    @Test
    void aFailingHandlerGetsAnInternalErrorAckAndTheListenerKeepsServing() throws Exception {
        BlockingQueue<String> workDone = new LinkedBlockingQueue<>();
        startReceiver(FrameCodec.defaults(), message -> {
            if (message.task().equals("buggy")) {
                throw new IllegalStateException("handler bug");
            }
            return () -> workDone.add(message.task());
        });

        Response failed = send(Request.create("buggy", "unix:///x.sock", null));
        Response accepted = send(this.request);

        assertThat(failed.error()).isEqualTo("internal error: handler bug");
        assertThat(accepted.isError()).isFalse();
        assertThat(TestSupport.poll(workDone)).isEqualTo("vm.create");
    }

    @Test
    void malformedJsonGetsAnErrorAckAndTheListenerKeepsServing() throws Exception {
        BlockingQueue<Request> received = new LinkedBlockingQueue<>();
        startReceiver(FrameCodec.defaults(), message -> () -> received.add(message));

        Response malformed = exchangeFrame(socket(), utf8("{\"id\":"));
        Response notARequest = exchangeFrame(socket(), utf8("[1,2,3]"));
        Response valid = send(this.request);

        assertThat(malformed.error()).startsWith("invalid request JSON");
        assertThat(notARequest.error()).contains("a request must be an object");
        assertThat(valid.isError()).isFalse();
        assertThat(TestSupport.poll(received).id()).isEqualTo(this.request.id());
        assertThat(received).isEmpty();
    }

    @Test
    void oversizeFrameGetsAnErrorAck() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        startReceiver(new FrameCodec(64, Duration.ofSeconds(2)), message -> {
            handled.incrementAndGet();
            return null;
        });

        Response ack = exchangeRaw(socket(), header(65, new byte[65]));

        assertThat(ack.error()).contains("65").contains("maximum of 64");
        assertThat(handled).hasValue(0);
    }

    @Test
    void frameOverTheDefaultMaximumGetsAnErrorAckWithoutBeingRead() throws Exception {
        startReceiver(FrameCodec.defaults(), message -> null);

        Response ack = exchangeRaw(socket(), header(FrameCodec.DEFAULT_MAX_FRAME_SIZE + 1L, new byte[0]));

        assertThat(ack.error()).contains(String.valueOf(FrameCodec.DEFAULT_MAX_FRAME_SIZE + 1L));
    }

    @Test
    void acksAreWrittenWhateverTheMaximumFrameSize() throws Exception {
        startReceiver(new FrameCodec(16, Duration.ofSeconds(2)), message -> null);
        byte[] tinyRequest = utf8("{\"id\":\"a\"}");

        assertThat(exchangeFrame(socket(), tinyRequest).isError()).as("ok ack of 52 bytes").isFalse();
        assertThat(exchangeFrame(socket(), utf8("{\"id\":1}")).error()).contains("'id' must be a string");
    }

    @Test
    void emptyFrameGetsAnErrorAck() throws Exception {
        startReceiver(FrameCodec.defaults(), message -> null);

        assertThat(exchangeRaw(socket(), header(0, new byte[0])).error()).contains("declared length 0");
    }

    @Test
    void receivesResponsesToo() throws Exception {
        TestSupport.Inbox<Response> inbox = this.servers.responseInbox(socket());
        Response response = Response.failure(this.request, "boom");

        Response ack = exchangeFrame(socket(), this.json.encode(response));

        assertThat(ack.isError()).isFalse();
        assertThat(inbox.next().error()).isEqualTo("boom");
        assertThat(exchangeFrame(socket(), utf8("{\"id\":7}")).error()).contains("'id' must be a string");
    }
}
