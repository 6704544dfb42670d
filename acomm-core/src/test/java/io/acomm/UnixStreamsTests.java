package io.acomm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.acomm.test.TestSupport;
import io.acomm.transport.UnixTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnixStreamsTests {

    @TempDir
    Path dir;

    private UnixStreams streams;

    @BeforeEach
    void start() {
        this.streams = UnixStreams.builder().dir(this.dir).build();
        this.streams.start();
    }

    @AfterEach
    void stop() {
        this.streams.close();
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStreamIsServedOnceFromTheStreamsDirectory() throws Exception {
        URI stream = this.streams.newStreamUnix(null, bytes("once"));
        assertThat(UnixTransport.socketPath(stream).getParent()).isEqualTo(this.dir);
        assertThat(this.streams.isOwnStream(stream)).isTrue();

        ByteArrayOutputStream read = new ByteArrayOutputStream();
        Streams.stream(read, stream);

        assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("once");
        assertThat(this.streams.isOwnStream(stream)).isFalse();
        assertThatThrownBy(() -> Streams.open(stream)).isInstanceOf(IOException.class)
                .hasMessageContaining(stream.toString());
    }

    @Test
    void stoppingClosesThePendingStreamsAndRefusesNewOnes() {
        URI stream = this.streams.newStreamUnix(null, bytes("never read"));

        assertThat(this.streams.stop(Duration.ofSeconds(1))).isTrue();

        assertThat(this.streams.isRunning()).isFalse();
        assertThat(this.streams.isOwnStream(stream)).isFalse();
        assertThat(Files.exists(UnixTransport.socketPath(stream))).isFalse();
        assertThatThrownBy(() -> this.streams.newStreamUnix(null, bytes("late")))
                .isInstanceOf(AcommException.class).hasMessageContaining("not running");
        assertThat(this.streams.stop(Duration.ofSeconds(1))).as("stopping again").isTrue();
    }

    @Test
    void stoppingWaitsForAStreamBeingWrittenAndSaysWhenItHadToInterruptIt() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        URI stream = this.streams.newStreamUnix(null, new StreamSource() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                writing.countDown();
                try {
                    new CountDownLatch(1).await();
                }
                catch (InterruptedException ex) {
                    interrupted.countDown();
                    throw new InterruptedIOException("interrupted");
                }
            }

            @Override
            public void close() {
            }
        });
        try (AFUNIXSocket reader = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(UnixTransport.socketPath(stream)))) {
            assertThat(reader.isConnected()).isTrue();
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(this.streams.stop(Duration.ofMillis(100))).isFalse();

            assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aStoppedInstanceStartsAgain() throws Exception {
        this.streams.stop(Duration.ofSeconds(1));
        this.streams.start();

        URI stream = this.streams.newStreamUnix(this.dir.resolve("sub"), bytes("again"));

        assertThat(UnixTransport.socketPath(stream).getParent()).isEqualTo(this.dir.resolve("sub"));
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        Streams.stream(read, stream);
        assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("again");
    }

    @Test
    void aTrackerGivenStreamsUsesThemAndLeavesThemRunningWhenItStops() throws Exception {
        Tracker tracker = Tracker.builder().socketPath(this.dir.resolve("tracker.sock")).streams(this.streams).build();
        tracker.startListener();
        URI stream = tracker.newStreamUnix(null, bytes("outlives the tracker"));
        assertThat(this.streams.isOwnStream(stream)).isTrue();

        assertThat(tracker.stopListener(Duration.ofSeconds(1))).isTrue();

        assertThat(this.streams.isRunning()).isTrue();
        assertThat(tracker.isOwnStream(stream)).isTrue();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        Streams.stream(read, stream);
        assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("outlives the tracker");
    }

    @Test
    void noStreamThreadOutlivesStop() {
        this.streams.newStreamUnix(null, bytes("unread"));

        this.streams.close();

        TestSupport.await().until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().startsWith("acomm-stream")));
    }
}
