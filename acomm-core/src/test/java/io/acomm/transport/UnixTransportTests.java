package io.acomm.transport;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import io.acomm.MessageRefusedException;
import io.acomm.Request;
import io.acomm.SendException;
import io.acomm.internal.server.FrameReceiver;
import io.acomm.internal.server.UnixListener;
import io.acomm.internal.util.SocketPaths;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.acomm.test.TestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnixTransportTests {

    @RegisterExtension
    final TestSupport.Servers servers = new TestSupport.Servers();

    @TempDir
    Path dir;

    private final AcommJson json = AcommJson.defaults();

    private final UnixTransport transport = new UnixTransport(this.json, FrameCodec.defaults());

    private final Request request = Request.create("vm.create", "unix:///run/tracker.sock",
            Map.of("cpus", 2));

    private UnixListener refusingListener(String reason) throws Exception {
        return this.servers.start(this.dir.resolve("no.sock"), FrameReceiver.forRequests(FrameCodec.defaults(),
                this.json, message -> {
                    throw new MessageRefusedException(reason);
                }));
    }

    @Test
    void deliversTheExactMessageAndAcceptsTheOkAck() throws Exception {
        TestSupport.Inbox<Request> inbox = this.servers.requestInbox(this.dir.resolve("p.sock"));
        byte[] encoded = this.json.encode(this.request);

        this.transport.send(inbox.listener().url(), encoded);

        assertThat(tree(this.json.encode(inbox.next()))).isEqualTo(tree(encoded));
    }

    @Test
    void errorAckBecomesSendExceptionWithTheReasonAndUrl() throws Exception {
        URI url = refusingListener("unknown task vm.create").url();

        assertThatThrownBy(() -> this.transport.send(url, this.json.encode(this.request)))
                .isInstanceOfSatisfying(SendException.class, ex -> assertThat(ex.destination()).isEqualTo(url))
                .hasMessageContaining(url.toString()).hasMessageContaining("refused: unknown task vm.create");
    }

    @Test
    void aSocketPathOverTheKernelsLimitFailsWithItsLength() {
        Path tooLong = this.dir.resolve("p".repeat(SocketPaths.MAX_BYTES) + ".sock");
        URI url = UnixTransport.url(tooLong);

        assertThatThrownBy(() -> this.transport.send(url, this.json.encode(this.request)))
                .isInstanceOf(SendException.class).hasMessageContaining(url.toString())
                .hasMessageContaining("at most " + SocketPaths.MAX_BYTES + " bytes");
    }

    @Test
    void missingSocketFileFailsNamingThePath() {
        Path missing = this.dir.resolve("missing.sock");
        URI url = UnixTransport.url(missing);

        assertThatThrownBy(() -> this.transport.send(url, this.json.encode(this.request)))
                .isInstanceOf(SendException.class).hasMessageContaining("no socket at " + missing);
    }

    @Test
    void receiverClosingWithoutAckFails() throws Exception {
        UnixListener listener = this.servers.start(this.dir.resolve("mute.sock"), socket -> {
            FrameCodec.defaults().readFrame(socket);
        });

        assertThatThrownBy(() -> this.transport.send(listener.url(), this.json.encode(this.request)))
                .isInstanceOf(SendException.class).hasMessageContaining("no valid ack")
                .hasMessageContaining(listener.url().toString());
    }

    @Test
    void receiverThatNeverAcksTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        UnixListener listener = this.servers.start(this.dir.resolve("slow.sock"), socket -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        UnixTransport impatient = new UnixTransport(this.json, new FrameCodec(1024, Duration.ofMillis(200)));

        try {
            assertThatThrownBy(() -> impatient.send(listener.url(), this.json.encode(this.request)))
                    .isInstanceOf(SendException.class).hasMessageContaining("timed out");
        }
        finally {
            release.countDown();
        }
    }

    @Test
    void acksAreReadWhateverTheMaximumFrameSize() throws Exception {
        UnixTransport tiny = new UnixTransport(this.json, new FrameCodec(16, Duration.ofSeconds(2)));
        byte[] tinyRequest = TestSupport.utf8("{\"id\":\"a\"}");
        TestSupport.Inbox<Request> inbox = this.servers.requestInbox(this.dir.resolve("p.sock"));
        URI refusing = refusingListener("a refusal reason longer than sixteen bytes").url();

        tiny.send(inbox.listener().url(), tinyRequest);
        assertThat(inbox.next().id()).isEqualTo("a");
        assertThatThrownBy(() -> tiny.send(refusing, tinyRequest)).isInstanceOf(SendException.class)
                .hasMessageContaining("refused: a refusal reason longer than sixteen bytes");
    }

    @Test
    void messageOverTheMaximumFrameSizeIsNotSent() throws Exception {
        UnixTransport tiny = new UnixTransport(this.json, new FrameCodec(16, Duration.ofSeconds(2)));
        URI url = this.servers.requestInbox(this.dir.resolve("p.sock")).listener().url();

        assertThatThrownBy(() -> tiny.send(url, this.json.encode(this.request)))
                .isInstanceOf(SendException.class).hasMessageContaining("cannot write a frame");
    }

    @Test
    void urlAndSocketPathConvertBothWays() {
        Path path = Path.of("/run/acomm/my provider.sock");

        URI url = UnixTransport.url(path);

        assertThat(url.getScheme()).isEqualTo("unix");
        assertThat(UnixTransport.socketPath(url)).isEqualTo(path);
        assertThat(UnixTransport.socketPath(URI.create("unix:///run/x.sock"))).isEqualTo(Path.of("/run/x.sock"));
        assertThatThrownBy(() -> UnixTransport.socketPath(URI.create("http://h/x.sock")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
