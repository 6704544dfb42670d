package io.acomm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.acomm.test.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.newsclub.net.unix.AFUNIXSocket;

import static io.acomm.test.TestSupport.WAIT;
import static io.acomm.test.TestSupport.frame;
import static io.acomm.test.TestSupport.header;
import static io.acomm.test.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCodecTests {

    @RegisterExtension
    final TestSupport.Servers servers = new TestSupport.Servers();

    @TempDir
    Path dir;

    private final FrameCodec codec = FrameCodec.defaults();

    /** A payload of the given size whose bytes are not all alike. */
    private static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    /** Writes bytes in small chunks with a pause between them, as a slow peer would. */
    private static void writeSlowly(OutputStream out, byte[] bytes, int chunk, long pauseMillis)
            throws IOException, InterruptedException {
        for (int offset = 0; offset < bytes.length; offset += chunk) {
            out.write(bytes, offset, Math.min(chunk, bytes.length - offset));
            out.flush();
            // the slow peer's behaviour: it pauses between its chunks
            Thread.sleep(pauseMillis);
        }
    }

    /**
     * Starts a listener that reads one frame with the codec and completes the future with it (or the failure) and
     * with the time the read took.
     */
    private record ServerRead(CompletableFuture<byte[]> frame, CompletableFuture<Long> elapsedMillis) {
    }

    private ServerRead serverReadingOneFrame(FrameCodec serverCodec) throws IOException {
        ServerRead read = new ServerRead(new CompletableFuture<>(), new CompletableFuture<>());
        this.servers.start(this.dir.resolve("f.sock"), socket -> {
            long start = System.nanoTime();
            try {
                read.frame().complete(serverCodec.readFrame(socket));
            }
            catch (IOException ex) {
                read.frame().completeExceptionally(ex);
            }
            read.elapsedMillis().complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        });
        return read;
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            return ex.getCause();
        }
        throw new AssertionError("expected the read to fail");
    }

    // ---- writing and reading ----

    @Test
    void writesABigEndianLengthThenThePayload() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        this.codec.writeFrame(out, payload(258));

        byte[] written = out.toByteArray();
        assertThat(Arrays.copyOf(written, 4)).containsExactly(0, 0, 1, 2);
        assertThat(Arrays.copyOfRange(written, 4, written.length)).isEqualTo(payload(258));
    }

    @Test
    void roundTripsFramesBackToBack() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] first = utf8("{\"id\":\"é\"}");
        byte[] second = payload(70_000);
        this.codec.writeFrame(out, first);
        this.codec.writeFrame(out, second);

        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());

        assertThat(this.codec.readFrame(in)).isEqualTo(first);
        assertThat(this.codec.readFrame(in)).isEqualTo(second);
        assertThat(in.available()).isZero();
    }

    @Test
    void frameOfTheMaximumSizeIsAccepted() throws IOException {
        FrameCodec small = new FrameCodec(16, Duration.ofSeconds(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        small.writeFrame(out, payload(16));

        assertThat(small.readFrame(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(payload(16));
    }

    @Test
    void streamFrameArrivingInManySmallWritesIsReadWhole() throws Exception {
        byte[] payload = payload(300);
        PipedInputStream in = new PipedInputStream();
        PipedOutputStream out = new PipedOutputStream(in);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (out) {
                writeSlowly(out, frame(payload), 3, 1);
            }
            catch (IOException | InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });

        assertThat(this.codec.readFrame(in)).isEqualTo(payload);
        writer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void socketFrameArrivingInManySmallWritesIsReadWhole() throws Exception {
        ServerRead read = serverReadingOneFrame(new FrameCodec(1024, Duration.ofSeconds(5)));
        byte[] payload = payload(500);

        try (AFUNIXSocket client = TestSupport.connect(this.dir.resolve("f.sock"))) {
            writeSlowly(client.getOutputStream(), frame(payload), 7, 2);

            assertThat(read.frame().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(payload);
        }
    }

    /** Sizes around what the first read of a socket frame asks for (1024 bytes, the header included). */
    @ParameterizedTest
    @ValueSource(ints = { 1, 1019, 1020, 1021, 5000 })
    void socketFrameOfAnySizeIsReadWholeAndNothingAfterItIsTaken(int size) throws Exception {
        ServerRead read = serverReadingOneFrame(this.codec);
        byte[] payload = payload(size);
        byte[] frameThenMore = Arrays.copyOf(frame(payload), 4 + size + 100);
        Arrays.fill(frameThenMore, 4 + size, frameThenMore.length, (byte) '!');

        try (AFUNIXSocket client = TestSupport.connect(this.dir.resolve("f.sock"))) {
            client.getOutputStream().write(frameThenMore);

            assertThat(read.frame().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(payload);
        }
    }

    // ---- invalid frames ----

    @Test
    void zeroLengthIsRefused() {
        assertThatThrownBy(() -> this.codec.readFrame(new ByteArrayInputStream(header(0, new byte[0]))))
                .isInstanceOf(FrameException.class).hasMessageContaining("declared length 0");
    }

    @Test
    void lengthOfAllOnesIsRefusedAsUnsignedWithoutReadingFurther() {
        ByteArrayInputStream in = new ByteArrayInputStream(header(0xFFFFFFFFL, payload(10)));

        assertThatThrownBy(() -> this.codec.readFrame(in)).isInstanceOf(FrameException.class)
                .hasMessageContaining("4294967295").hasMessageContaining("exceeds");
        assertThat(in.available()).as("payload bytes left unread").isEqualTo(10);
    }

    @Test
    void lengthOverTheMaximumIsRefusedBeforeThePayloadIsRead() {
        FrameCodec small = new FrameCodec(100, Duration.ofSeconds(1));
        ByteArrayInputStream in = new ByteArrayInputStream(header(101, payload(101)));

        assertThatThrownBy(() -> small.readFrame(in)).isInstanceOf(FrameException.class)
                .hasMessageContaining("101").hasMessageContaining("maximum of 100");
        assertThat(in.available()).as("payload bytes left unread").isEqualTo(101);
    }

    @Test
    void defaultMaximumIsEnforced() {
        ByteArrayInputStream in = new ByteArrayInputStream(header(FrameCodec.DEFAULT_MAX_FRAME_SIZE + 1L,
                new byte[0]));

        assertThatThrownBy(() -> this.codec.readFrame(in)).isInstanceOf(FrameException.class)
                .hasMessageContaining(String.valueOf(FrameCodec.DEFAULT_MAX_FRAME_SIZE + 1L));
    }

    @Test
    void truncatedPayloadIsRefused() {
        ByteArrayInputStream in = new ByteArrayInputStream(header(10, payload(5)));

        assertThatThrownBy(() -> this.codec.readFrame(in)).isInstanceOf(FrameException.class)
                .hasMessageContaining("truncated").hasMessageContaining("5 of 10");
    }

    @Test
    void truncatedHeaderIsRefused() {
        assertThatThrownBy(() -> this.codec.readFrame(new ByteArrayInputStream(new byte[] { 0, 0 })))
                .isInstanceOf(FrameException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> this.codec.readFrame(new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(FrameException.class).hasMessageContaining("closed before a frame arrived");
    }

    @Test
    void truncatedFrameOnASocketIsRefused() throws Exception {
        ServerRead read = serverReadingOneFrame(this.codec);

        try (AFUNIXSocket client = TestSupport.connect(this.dir.resolve("f.sock"))) {
            client.getOutputStream().write(header(10, payload(4)));
        }

        assertThat(failureOf(read.frame())).isInstanceOf(FrameException.class).hasMessageContaining("4 of 10");
    }

    // ---- timeouts ----

    @Test
    void headerThenSilenceTimesOutWithinTheReadTimeout() throws Exception {
        ServerRead read = serverReadingOneFrame(new FrameCodec(1024, Duration.ofMillis(200)));

        try (AFUNIXSocket client = TestSupport.connect(this.dir.resolve("f.sock"))) {
            client.getOutputStream().write(header(10, new byte[0]));

            assertThat(failureOf(read.frame())).isInstanceOf(FrameException.class)
                    .hasMessageContaining("timed out").hasMessageContaining("200 ms");
            assertThat(read.elapsedMillis().get()).isBetween(150L, 1500L);
        }
    }

    @Test
    void trickleThatNeverCompletesTimesOutForTheWholeFrame() throws Exception {
        ServerRead read = serverReadingOneFrame(new FrameCodec(1024, Duration.ofMillis(200)));

        try (AFUNIXSocket client = TestSupport.connect(this.dir.resolve("f.sock"))) {
            client.getOutputStream().write(header(100, new byte[0]));
            // one byte every 50 ms for 2 s: each read is quick, the frame as a whole is not
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
                try {
                    writeSlowly(client.getOutputStream(), payload(40), 1, 50);
                }
                catch (IOException | InterruptedException stopped) {
                    // the server gave up and closed: that is the point
                }
            });

            assertThat(failureOf(read.frame())).isInstanceOf(FrameException.class).hasMessageContaining("timed out");
            assertThat(read.elapsedMillis().get()).isBetween(150L, 1500L);
            trickle.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    // ---- writing invalid frames ----

    @Test
    void writingAnEmptyPayloadIsRefused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> this.codec.writeFrame(out, new byte[0])).isInstanceOf(FrameException.class)
                .hasMessageContaining("0 bytes");
        assertThat(out.size()).isZero();
    }

    @Test
    void writingAnOversizePayloadIsRefused() {
        FrameCodec small = new FrameCodec(100, Duration.ofSeconds(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> small.writeFrame(out, payload(101))).isInstanceOf(FrameException.class)
                .hasMessageContaining("101 bytes");
        assertThat(out.size()).isZero();
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> new FrameCodec(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameCodec(10, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameCodec(10, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
