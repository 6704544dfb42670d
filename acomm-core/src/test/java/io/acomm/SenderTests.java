package io.acomm;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.acomm.internal.server.FrameReceiver;
import io.acomm.internal.server.UnixListener;
import io.acomm.test.TestSupport;
import io.acomm.transport.UnixTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.acomm.test.TestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SenderTests {

    @RegisterExtension
    final TestSupport.Servers servers = new TestSupport.Servers();

    @TempDir
    Path dir;

    private final Request request = Request.create("vm.create", "unix:///run/tracker.sock", null);

    /** A transport that records what it is asked to deliver. */
    record Delivery(URI destination, byte[] message) {
    }

    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    private final Transport recording = (destination, message) -> this.deliveries.add(
            new Delivery(destination, message));

    @Test
    void sendsOverUnixToAListenerThatAcks() throws Exception {
        TestSupport.Inbox<Request> inbox = this.servers.requestInbox(this.dir.resolve("p.sock"));

        Sender.defaults().send(inbox.listener().url(), this.request);

        assertThat(inbox.next().id()).isEqualTo(this.request.id());
    }

    @Test
    void refusalByTheListenerFailsTheSendNamingTheUrl() throws Exception {
        UnixListener listener = this.servers.start(this.dir.resolve("r.sock"), FrameReceiver.forRequests(
                FrameCodec.defaults(), AcommJson.defaults(), message -> {
                    throw new MessageRefusedException("queue full");
                }));

        assertThatThrownBy(() -> Sender.defaults().send(listener.url(), this.request))
                .isInstanceOf(SendException.class).hasMessageContaining(listener.url().toString())
                .hasMessageContaining("queue full");
    }

    @Test
    void missingSocketFailsNamingThePath() {
        Path missing = this.dir.resolve("gone.sock");

        assertThatThrownBy(() -> Sender.defaults().send(UnixTransport.url(missing), this.request))
                .isInstanceOf(SendException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void sendsOverHttpByScheme() throws Exception {
        BlockingQueue<byte[]> bodies = new LinkedBlockingQueue<>();
        HttpServer server = this.servers.http(exchange -> {
            try (exchange) {
                bodies.add(exchange.getRequestBody().readAllBytes());
                exchange.sendResponseHeaders(204, -1);
            }
        });

        Sender.defaults().send(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/r"), this.request);

        assertThat(tree(TestSupport.poll(bodies)).get("id").asString()).isEqualTo(this.request.id());
    }

    @Test
    void unknownSchemeFails() {
        URI url = URI.create("ftp://x");

        assertThatThrownBy(() -> Sender.defaults().send(url, this.request))
                .isInstanceOfSatisfying(SendException.class, ex -> assertThat(ex.destination()).isEqualTo(url))
                .hasMessageContaining("unknown url type: ftp").hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> Sender.defaults().sendEncoded(url, new byte[] { '{', '}' }))
                .isInstanceOf(SendException.class).hasMessageContaining("unknown url type: ftp");
    }

    @Test
    void urlWithoutSchemeFails() {
        assertThatThrownBy(() -> Sender.defaults().send(URI.create("/run/x.sock"), this.request))
                .isInstanceOf(SendException.class).hasMessageContaining("unknown url type");
    }

    @Test
    void schemesAreMatchedIgnoringCase() throws Exception {
        Sender sender = Sender.builder().transport("Test", this.recording).build();

        sender.send(URI.create("TEST://somewhere"), this.request);

        assertThat(TestSupport.poll(this.deliveries).destination()).isEqualTo(URI.create("TEST://somewhere"));
    }

    @Test
    void addedAndReplacedTransportsAreUsedWithTheSendersJson() throws Exception {
        Sender sender = Sender.builder().json(AcommJson.create(UrlFormat.STRING)).transport("unix", this.recording)
                .build();

        sender.send(URI.create("unix:///run/provider.sock"), this.request);

        Delivery delivery = TestSupport.poll(this.deliveries);
        assertThat(delivery.destination()).isEqualTo(URI.create("unix:///run/provider.sock"));
        assertThat(tree(delivery.message()).get("responsehook").asString()).isEqualTo("unix:///run/tracker.sock");
        assertThat(sender.json().urlFormat()).isEqualTo(UrlFormat.STRING);
    }

    @Test
    void sendEncodedPassesTheBytesThrough() throws Exception {
        Sender sender = Sender.builder().transport("unix", this.recording).build();
        byte[] message = { '{', '}' };

        sender.sendEncoded(URI.create("unix:///x.sock"), message);

        assertThat(TestSupport.poll(this.deliveries).message()).isSameAs(message);
    }

    @Test
    void theUnixSendTimeoutLimitsTheDefaultUnixTransport() throws Exception {
        CountDownLatch testOver = new CountDownLatch(1);
        UnixListener mute = this.servers.start(this.dir.resolve("mute.sock"), socket -> {
            FrameCodec.defaults().readFrame(socket);
            try {
                testOver.await(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        Sender sender = Sender.builder().unixSendTimeout(Duration.ofMillis(300)).build();

        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> sender.send(mute.url(), this.request)).isInstanceOf(SendException.class)
                    .hasMessageContaining(mute.url().toString())
                    .hasMessageContaining("timed out after 300 ms with no ack");
        }
        finally {
            testOver.countDown();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void sendEncodedWithATimeoutHandsItToTheTransport() throws Exception {
        BlockingQueue<Duration> timeouts = new LinkedBlockingQueue<>();
        Transport timed = new Transport() {

            @Override
            public void send(URI destination, byte[] message) {
                throw new AssertionError("sent without the timeout");
            }

            @Override
            public void send(URI destination, byte[] message, Duration timeout) {
                timeouts.add(timeout);
            }
        };
        Sender sender = Sender.builder().transport("unix", timed).build();

        sender.sendEncoded(URI.create("unix:///x.sock"), new byte[] { '{', '}' }, Duration.ofSeconds(3));

        assertThat(TestSupport.poll(timeouts)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aTransportThatTakesNoTimeoutDeliversMessagesSentWithOne() throws Exception {
        Sender sender = Sender.builder().transport("unix", this.recording).build();
        byte[] message = { '{', '}' };

        sender.sendEncoded(URI.create("unix:///x.sock"), message, Duration.ofSeconds(3));

        assertThat(TestSupport.poll(this.deliveries).message()).isSameAs(message);
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> Sender.builder().unixSendTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unix send timeout must be positive");
        assertThatThrownBy(() -> Sender.defaults().sendEncoded(URI.create("unix:///x.sock"), new byte[] { '{', '}' },
                Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout must be positive");
    }
}
