package io.acomm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.acomm.test.LogCapture;
import io.acomm.test.TestHttpServer;
import io.acomm.test.TestSupport;
import io.acomm.test.TestTrackers;
import io.acomm.transport.UnixTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackerStreamTests {

    @TempDir
    Path dir;

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private Tracker tracker;

    @BeforeEach
    void start() {
        this.tracker = Tracker.builder().socketPath(this.dir.resolve("tracker.sock"))
                .httpStreamUrl(URI.create("http://127.0.0.1:8080/acomm/stream")).build();
        this.tracker.startListener();
    }

    @AfterEach
    void stop() {
        TestTrackers.stopQuietly(this.tracker);
    }

    /** A source that remembers whether it was closed. */
    private static final class Source extends ByteArrayInputStream {

        final AtomicBoolean closed = new AtomicBoolean();

        Source(String text) {
            super(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            this.closed.set(true);
        }
    }

    @Test
    void aUnixStreamServesItsBytesOnceThenGoesAway() throws Exception {
        Source source = new Source("a".repeat(100_000));
        URI stream = this.tracker.newStreamUnix(this.dir, source);

        assertThat(stream.getScheme()).isEqualTo("unix");
        assertThat(this.tracker.isOwnStream(stream)).isTrue();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        Streams.stream(read, stream);

        assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("a".repeat(100_000));
        TestSupport.await().until(() -> source.closed.get() && !this.tracker.isOwnStream(stream));
        assertThat(Files.exists(UnixTransport.socketPath(stream))).isFalse();
        assertThatThrownBy(() -> Streams.stream(new ByteArrayOutputStream(), stream))
                .isInstanceOf(IOException.class).hasMessageContaining(stream.toString());
    }

    @Test
    void pendingStreamsAreClosedWhenTheTrackerStops() {
        Source source = new Source("never read");
        URI stream = this.tracker.newStreamUnix(null, source);
        assertThat(UnixTransport.socketPath(stream).getParent()).isEqualTo(this.dir);

        this.tracker.stopListener(null);

        TestSupport.await().until(source.closed::get);
        assertThat(Files.exists(UnixTransport.socketPath(stream))).isFalse();
        assertThat(this.tracker.isOwnStream(stream)).isFalse();
    }

    @Test
    void aStreamNobodyReadsIsClosedAfterTheDefaultTimeout() {
        Tracker quick = Tracker.builder().socketPath(this.dir.resolve("quick.sock"))
                .defaultTimeout(Duration.ofMillis(100)).build();
        quick.startListener();
        try {
            Source source = new Source("unread");
            URI stream = quick.newStreamUnix(null, source);

            TestSupport.await().until(source.closed::get);

            assertThat(Files.exists(UnixTransport.socketPath(stream))).isFalse();
            assertThat(quick.isOwnStream(stream)).isFalse();
        }
        finally {
            quick.stopListener(null);
        }
    }

    @Test
    void aThousandUnreadStreamsHoldNoThreadAndLeaveNoDescriptorOrFileWhenTheyTimeOut() throws Exception {
        Tracker quick = Tracker.builder().socketPath(this.dir.resolve("quick.sock"))
                .defaultTimeout(Duration.ofMillis(300)).build();
        quick.startListener();
        try {
            long descriptorsBefore = openDescriptors();
            int threadsBefore = Thread.activeCount();
            List<Source> sources = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                Source source = new Source("unread " + i);
                sources.add(source);
                quick.newStreamUnix(null, source);
            }
            assertThat(Thread.activeCount() - threadsBefore).as("threads for 1,000 pending streams").isLessThan(10);

            TestSupport.await().until(() -> sources.stream().allMatch(source -> source.closed.get()));

            TestSupport.await().until(() -> openDescriptors() <= descriptorsBefore);
            try (Stream<Path> files = Files.list(this.dir)) {
                assertThat(files.map(file -> file.getFileName().toString()))
                        .containsExactlyInAnyOrder("tracker.sock", "quick.sock");
            }
        }
        finally {
            quick.stopListener(null);
        }
    }

    private static long openDescriptors() {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void aReaderThatIsNotAllowedIsDisconnectedAndTheStreamWaitsForAnAllowedOne() throws Exception {
        Tracker strict = Tracker.builder().socketPath(this.dir.resolve("strict.sock"))
                .peerFilter(PeerFilter.of(Set.of(PeerFilter.currentUid() + 1), Set.of())).build();
        strict.startListener();
        try {
            Source source = new Source("secret");
            URI stream = strict.newStreamUnix(null, source);

            ByteArrayOutputStream read = new ByteArrayOutputStream();
            Streams.stream(read, stream);

            assertThat(read.size()).as("bytes a refused reader got").isZero();
            assertThat(strict.isOwnStream(stream)).as("still pending").isTrue();
            assertThat(source.closed).isFalse();
        }
        finally {
            strict.stopListener(null);
        }
    }

    @Test
    void staleStreamAndTrackerSocketFilesAreDeletedAtStartUpAndLiveOnesKept() throws Exception {
        Path staleStream = this.dir.resolve("acomm-stream-stale.sock");
        Path staleTracker = this.dir.resolve("acommTracker-stale.sock");
        Path liveStream = this.dir.resolve("acomm-stream-live.sock");
        for (Path stale : List.of(staleStream, staleTracker)) {
            AFUNIXServerSocket dead = AFUNIXServerSocket.newInstance();
            dead.setDeleteOnClose(false);
            dead.bind(AFUNIXSocketAddress.of(stale));
            dead.close();
            assertThat(stale).exists();
        }
        try (AFUNIXServerSocket live = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(liveStream))) {
            assertThat(live.isBound()).isTrue();
            Tracker restarted = Tracker.builder().socketDir(this.dir).build();
            restarted.startListener();
            try {
                assertThat(staleStream).doesNotExist();
                assertThat(staleTracker).doesNotExist();
                assertThat(liveStream).exists();
            }
            finally {
                restarted.stopListener(null);
            }
        }
    }

    @Test
    void aSocketDirectoryThatDoesNotExistYetIsCreatedWithoutAWarning() {
        Path missing = this.dir.resolve("not-yet");
        Tracker tracker = Tracker.builder().socketDir(missing).build();
        tracker.startListener();
        try {
            assertThat(tracker.addr().getParent()).isEqualTo(missing);
            assertThat(this.log.warnings()).isEmpty();
        }
        finally {
            tracker.stopListener(null);
        }
    }

    @Test
    void aReaderThatStopsReadingFailsTheStreamAfterTheReadTimeoutInsteadOfHoldingItsWriter() throws Exception {
        Tracker quick = Tracker.builder().socketPath(this.dir.resolve("quick.sock"))
                .codec(new FrameCodec(FrameCodec.DEFAULT_MAX_FRAME_SIZE, Duration.ofMillis(300))).build();
        quick.startListener();
        try {
            Source source = new Source("x".repeat(20 * 1024 * 1024));
            URI stream = quick.newStreamUnix(null, source);
            AFUNIXSocketAddress address = AFUNIXSocketAddress.of(UnixTransport.socketPath(stream));
            try (AFUNIXSocket reader = AFUNIXSocket.connectTo(address)) {
                // the reader takes a few bytes, then reads no more: the writer gives up and closes the source
                assertThat(reader.getInputStream().read()).isEqualTo('x');
                TestSupport.await().until(source.closed::get);
            }
        }
        finally {
            quick.stopListener(null);
        }
    }

    @Test
    void streamsNeedARunningTracker() {
        this.tracker.stopListener(null);
        assertThatThrownBy(() -> this.tracker.newStreamUnix(null, new Source("x")))
                .isInstanceOf(AcommException.class).hasMessageContaining("not running");
    }

    @Test
    void theHttpProxyUrlCarriesTheEncodedUnixAddress() {
        URI stream = URI.create("unix:///tmp/acomm-stream-1.sock");
        assertThat(this.tracker.proxyStreamHttpUrl(stream)).hasToString(
                "http://127.0.0.1:8080/acomm/stream?addr=unix%3A%2F%2F%2Ftmp%2Facomm-stream-1.sock");

        Tracker withQuery = Tracker.builder().socketPath(this.dir.resolve("q.sock"))
                .httpStreamUrl(URI.create("http://h/stream?token=abc")).build();
        assertThat(withQuery.proxyStreamHttpUrl(stream).toString()).startsWith("http://h/stream?token=abc&addr=");
    }

    @Test
    void theHttpProxyUrlNeedsAnHttpStreamUrl() {
        Tracker plain = Tracker.builder().socketPath(this.dir.resolve("p.sock")).build();
        assertThatThrownBy(() -> plain.proxyStreamHttpUrl(URI.create("unix:///tmp/s.sock")))
                .isInstanceOf(AcommException.class).hasMessageContaining("no HTTP stream URL");
    }

    @Test
    void httpStreamsAreReadWithAGet() throws Exception {
        try (TestHttpServer http = TestHttpServer.start()) {
            http.route("/data", exchange -> TestHttpServer.reply(exchange, 200,
                    "payload".getBytes(StandardCharsets.UTF_8)));
            http.route("/missing", exchange -> TestHttpServer.reply(exchange, 404, new byte[0]));
            ByteArrayOutputStream read = new ByteArrayOutputStream();

            Streams.stream(read, http.url("/data"));

            assertThat(read.toString(StandardCharsets.UTF_8)).isEqualTo("payload");
            assertThatThrownBy(() -> Streams.stream(new ByteArrayOutputStream(), http.url("/missing")))
                    .isInstanceOf(IOException.class).hasMessageContaining("/missing").hasMessageContaining("404");
        }
    }

    @Test
    void otherStreamSchemesAreRefused() {
        assertThatThrownBy(() -> Streams.stream(new ByteArrayOutputStream(), URI.create("ftp://h/f")))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown url type: ftp");
    }
}
