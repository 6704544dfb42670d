package io.acomm.internal.server;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.acomm.test.LogCapture;
import io.acomm.test.TestSupport;
import io.acomm.transport.UnixTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

import static io.acomm.test.TestSupport.WAIT;
import static io.acomm.test.TestSupport.assertClosedByPeer;
import static io.acomm.test.TestSupport.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnixListenerTests {

    private static final int FILE_TYPE_MASK = 0170000;

    private static final int SOCKET_TYPE = 0140000;

    @RegisterExtension
    final TestSupport.Servers servers = new TestSupport.Servers();

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @TempDir
    Path dir;

    private Path socket() {
        return this.dir.resolve("l.sock");
    }

    /** Answers each connection with one byte, so that a client can tell it was served. */
    private static final ConnectionHandler ANSWER_ONE_BYTE = socket -> socket.getOutputStream().write(42);

    /** A handler that signals it started, then blocks until released or interrupted, then answers one byte. */
    private static final class BlockingHandler implements ConnectionHandler {

        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void handle(AFUNIXSocket socket) throws IOException {
            this.entered.countDown();
            try {
                if (this.release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    socket.getOutputStream().write(42);
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitEntered() throws InterruptedException {
            assertThat(this.entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("handler started").isTrue();
        }
    }

    /**
     * Connects without blocking and without retrying, as Go's {@code acomm.Send} does: a full backlog refuses the
     * connection at once (EAGAIN, which junixsocket reports as a connection still pending: a unix connect is never
     * in progress, it is queued or refused).
     * @return the connected channel, or {@code null} when the connection was refused
     */
    private static AFUNIXSocketChannel connectOnce(Path path) throws IOException {
        AFUNIXSocketChannel channel = AFUNIXSocketChannel.open();
        channel.configureBlocking(false);
        if (channel.connect(AFUNIXSocketAddress.of(path))) {
            return channel;
        }
        channel.close();
        return null;
    }

    /**
     * Connects {@code count} clients at once with {@link #connectOnce}.
     * @param connected receives the clients that connected
     * @return how many were refused
     */
    private int connectBurst(int count, List<AFUNIXSocketChannel> connected) throws IOException {
        int refused = 0;
        for (int i = 0; i < count; i++) {
            AFUNIXSocketChannel client = connectOnce(socket());
            if (client == null) {
                refused++;
            }
            else {
                connected.add(client);
            }
        }
        return refused;
    }

    /** Reads the one byte a listener answers with, on a non-blocking channel, within {@link TestSupport#WAIT}. */
    private static int readByte(AFUNIXSocketChannel client) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1);
        TestSupport.await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).alias("an answer")
                .until(() -> client.read(buffer) != 0);
        return buffer.position() == 1 ? buffer.get(0) : -1;
    }

    @Test
    void connectionsBeyondTheOldBacklogWaitInTheQueueInsteadOfBeingRefused() throws Exception {
        // one worker, held by the first connection: every other connection has to wait in the kernel's queue
        BlockingHandler handler = new BlockingHandler();
        this.servers.start(UnixListener.builder(socket()).name("test").maxConcurrency(1), handler);
        List<AFUNIXSocketChannel> clients = new ArrayList<>();
        try {
            AFUNIXSocketChannel first = connectOnce(socket());
            assertThat(first).isNotNull();
            clients.add(first);
            handler.awaitEntered();

            int burst = 1000;
            int refused = connectBurst(burst, clients);
            assertThat(refused).as("connections of a burst of %d refused (the queue held %d)", burst,
                    SocketBacklog.SYSTEM_MAXIMUM).isZero();

            handler.release.countDown();
            for (AFUNIXSocketChannel client : clients) {
                assertThat(readByte(client)).as("served").isEqualTo(42);
            }
        }
        finally {
            for (AFUNIXSocketChannel client : clients) {
                client.close();
            }
        }
    }

    @Test
    void aSmallBacklogRefusesABurstAtOnce() throws Exception {
        BlockingHandler handler = new BlockingHandler();
        this.servers.start(UnixListener.builder(socket()).name("test").maxConcurrency(1).backlog(8), handler);
        List<AFUNIXSocketChannel> clients = new ArrayList<>();
        try {
            clients.add(connectOnce(socket()));
            handler.awaitEntered();
            int refused = connectBurst(100, clients);
            // Linux queues one more connection than the backlog
            assertThat(refused).as("refused beyond a queue of 8").isEqualTo(100 - 9);
        }
        finally {
            handler.release.countDown();
            for (AFUNIXSocketChannel client : clients) {
                client.close();
            }
        }
    }

    @Test
    void theBacklogIsTheSystemMaximumUnlessItCannotBeRead() throws IOException {
        Path somaxconn = this.dir.resolve("somaxconn");
        Files.writeString(somaxconn, "65535\n");
        assertThat(SocketBacklog.read(somaxconn)).isEqualTo(65535);
        Files.writeString(somaxconn, "not a number");
        assertThat(SocketBacklog.read(somaxconn)).isEqualTo(SocketBacklog.FALLBACK);
        assertThat(SocketBacklog.read(this.dir.resolve("missing"))).isEqualTo(SocketBacklog.FALLBACK);
        assertThatThrownBy(() -> UnixListener.builder(socket()).backlog(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backlog");
    }

    private static int readByte(AFUNIXSocket client) throws IOException {
        return client.getInputStream().read();
    }

    private static boolean isSocketFile(Path path) throws IOException {
        return ((Integer) Files.getAttribute(path, "unix:mode") & FILE_TYPE_MASK) == SOCKET_TYPE;
    }

    private static void assertRefusesConnections(Path path) {
        assertThatThrownBy(() -> AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(path)).close())
                .isInstanceOf(SocketException.class);
    }

    // ---- lifecycle ----

    @Test
    void startCreatesTheSocketAndStopDeletesIt() throws Exception {
        UnixListener listener = this.servers.start(socket(), ANSWER_ONE_BYTE);

        assertThat(isSocketFile(socket())).isTrue();
        assertThat(listener.isRunning()).isTrue();
        assertThat(listener.url()).isEqualTo(UnixTransport.url(socket()));
        try (AFUNIXSocket client = connect(socket())) {
            assertThat(readByte(client)).isEqualTo(42);
        }

        assertThat(listener.stop(Duration.ofSeconds(1))).isTrue();

        assertThat(socket()).doesNotExist();
        assertThat(listener.isRunning()).isFalse();
        assertThat(listener.terminated()).isDone();
        assertThat(this.log.warnings()).as("a clean stop warns of nothing").isEmpty();
    }

    @Test
    void stoppingAListenerThatIsNotRunningAnswersTrue() throws Exception {
        UnixListener listener = UnixListener.builder(socket()).build();

        assertThat(listener.stop(Duration.ZERO)).as("never started").isTrue();
        assertThat(listener.isRunning()).isFalse();
    }

    @Test
    void newConnectionsAreRefusedAfterStop() throws Exception {
        UnixListener listener = this.servers.start(socket(), ANSWER_ONE_BYTE);

        listener.stop(Duration.ofSeconds(1));

        assertRefusesConnections(socket());
    }

    @Test
    void startingTwiceIsRefused() throws Exception {
        UnixListener listener = this.servers.start(socket(), ANSWER_ONE_BYTE);
        listener.stop(Duration.ofSeconds(1));

        assertThatThrownBy(() -> listener.start(ANSWER_ONE_BYTE)).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Stopping, or closing (which stops with the default timeout), waits for the connection in flight, which is
     * served; the stop answers true and warns of nothing.
     */
    @ParameterizedTest
    @ValueSource(strings = { "stop", "close" })
    void aStopWaitsForTheConnectionInFlight(String how) throws Exception {
        BlockingHandler handler = new BlockingHandler();
        UnixListener listener = this.servers.start(socket(), handler);
        try (AFUNIXSocket client = connect(socket())) {
            handler.awaitEntered();

            CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> {
                if (how.equals("close")) {
                    listener.close();
                    return true;
                }
                return listener.stop(Duration.ofSeconds(5));
            });
            // the last thing stopAccepting() does: no new connections while draining
            TestSupport.await().until(() -> !Files.exists(socket()));

            assertThat(stopped).as("stop must wait for the handler").isNotDone();
            assertThat(listener.isRunning()).isFalse();
            handler.release.countDown();
            assertThat(stopped.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(readByte(client)).as("the connection in flight was served").isEqualTo(42);
        }
        assertThat(listener.terminated()).isDone();
        assertRefusesConnections(socket());
        assertThat(this.log.warnings()).as("a clean stop warns of nothing").isEmpty();
    }

    @Test
    void stopWithATooShortTimeoutReturnsFalseAndClosesTheConnection() throws Exception {
        BlockingHandler handler = new BlockingHandler();
        UnixListener listener = this.servers.start(socket(), handler);
        try (AFUNIXSocket client = connect(socket())) {
            handler.awaitEntered();

            long start = System.nanoTime();
            boolean served = listener.stop(Duration.ofMillis(100));

            assertThat(served).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertClosedByPeer(client);
        }
        assertThat(this.log.warnings()).as("one line for the cut-off stop").hasSize(1)
                .allSatisfy(line -> assertThat(line).contains(socket().toString()).contains("cut off"));
    }

    @Test
    void stopWithATooShortTimeoutUnblocksAHandlerWaitingForData() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        UnixListener listener = this.servers.start(UnixListener.builder(socket()).name("reader"), socket -> {
            reading.countDown();
            socket.getInputStream().read();
        });
        try (AFUNIXSocket client = connect(socket())) {
            assertThat(reading.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

            assertThat(listener.stop(Duration.ofMillis(100))).isFalse();

            assertClosedByPeer(client);
        }
        TestSupport.awaitNoThreads("acomm-reader-", Duration.ofSeconds(2));
    }

    @Test
    void staleSocketFileIsReplaced() throws Exception {
        try (AFUNIXServerSocket dead = AFUNIXServerSocket.newInstance()) {
            dead.setDeleteOnClose(false);
            dead.bind(AFUNIXSocketAddress.of(socket()));
        }
        assertThat(isSocketFile(socket())).as("stale socket file left behind").isTrue();

        this.servers.start(socket(), ANSWER_ONE_BYTE);

        try (AFUNIXSocket client = connect(socket())) {
            assertThat(readByte(client)).isEqualTo(42);
        }
    }

    @Test
    void pathWithALiveListenerIsRefused() throws Exception {
        UnixListener live = this.servers.start(socket(), ANSWER_ONE_BYTE);
        UnixListenerBuilder second = UnixListener.builder(socket());

        assertThatThrownBy(() -> this.servers.start(second, ANSWER_ONE_BYTE)).isInstanceOf(IOException.class)
                .hasMessageContaining("already active").hasMessageContaining(socket().toString());

        assertThat(live.isRunning()).isTrue();
        try (AFUNIXSocket client = connect(socket())) {
            assertThat(readByte(client)).as("the live listener still serves").isEqualTo(42);
        }
    }

    @Test
    void regularFileAtThePathIsRefusedAndKept() throws Exception {
        Files.writeString(socket(), "precious");

        assertThatThrownBy(() -> this.servers.start(socket(), ANSWER_ONE_BYTE)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a socket");

        assertThat(socket()).hasContent("precious");
    }

    @Test
    void socketFileIsOwnerOnlyByDefault() throws Exception {
        this.servers.start(socket(), ANSWER_ONE_BYTE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket()))).isEqualTo("rw-------");
    }

    @Test
    void socketFilePermissionsAreConfigurable() throws Exception {
        this.servers.start(UnixListener.builder(socket()).permissions("0660"), ANSWER_ONE_BYTE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket()))).isEqualTo("rw-rw----");
    }

    @Test
    void groupAccessibleSocketGetsGroupAccessibleDirectories() throws Exception {
        Path socket = this.dir.resolve("g/l.sock");

        this.servers.start(UnixListener.builder(socket).permissions("rw-rw----"), ANSWER_ONE_BYTE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.dir.resolve("g"))))
                .isEqualTo("rwxrwx---");
    }

    @Test
    void invalidPermissionsAreRefused() {
        assertThatThrownBy(() -> UnixListener.builder(socket()).permissions("0999"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0999");
    }

    @Test
    void missingParentDirectoriesAreCreatedOwnerOnly() throws Exception {
        Path socket = this.dir.resolve("a/b/l.sock");

        this.servers.start(socket, ANSWER_ONE_BYTE);

        assertThat(isSocketFile(socket)).isTrue();
        for (Path created : List.of(this.dir.resolve("a"), this.dir.resolve("a/b"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).as("%s", created)
                    .isEqualTo("rwx------");
        }
    }

    // ---- concurrency and threads ----

    @Test
    void noMoreThanMaxConcurrencyConnectionsAreServedAtOnce() throws Exception {
        int maxConcurrency = 2;
        int clients = 5;
        AtomicInteger active = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        this.servers.start(UnixListener.builder(socket()).maxConcurrency(maxConcurrency), socket -> {
            peak.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                socket.getOutputStream().write(42);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            finally {
                active.decrementAndGet();
            }
        });

        List<AFUNIXSocket> connections = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                connections.add(connect(socket()));
            }
            TestSupport.await().atMost(WAIT).untilAsserted(() -> assertThat(active).hasValue(maxConcurrency));
            // a quiet period, for an assertion that nothing happens: no further handler starts meanwhile
            TestSupport.assertQuietFor(Duration.ofMillis(200), () -> assertThat(peak).as("handlers running at once")
                    .hasValue(maxConcurrency));

            release.countDown();
            for (AFUNIXSocket connection : connections) {
                assertThat(readByte(connection)).as("every client is served eventually").isEqualTo(42);
            }
            assertThat(peak).hasValue(maxConcurrency);
        }
        finally {
            for (AFUNIXSocket connection : connections) {
                connection.close();
            }
        }
    }

    @Test
    void stopWhileClientsWaitInTheBacklogClosesEverything() throws Exception {
        BlockingHandler handler = new BlockingHandler();
        UnixListener listener = this.servers.start(UnixListener.builder(socket()).name("backlog").maxConcurrency(1),
                handler);
        try (AFUNIXSocket served = connect(socket()); AFUNIXSocket waiting = connect(socket())) {
            handler.awaitEntered();

            assertThat(listener.stop(Duration.ofMillis(100))).isFalse();

            assertClosedByPeer(served);
            assertClosedByPeer(waiting);
        }
        TestSupport.awaitNoThreads("acomm-backlog-", Duration.ofSeconds(2));
    }

    @Test
    void excessConnectionsWaitInTheBacklogAndAreNotTakenOnByAStoppingListener() throws Exception {
        BlockingHandler handler = new BlockingHandler();
        UnixListener listener = this.servers.start(UnixListener.builder(socket()).maxConcurrency(1), handler);
        try (AFUNIXSocket served = connect(socket()); AFUNIXSocket waiting = connect(socket())) {
            handler.awaitEntered();

            CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(
                    () -> listener.stop(Duration.ofSeconds(5)));
            // the handler is released only once the listener accepts no more (its socket file is the last to go)
            TestSupport.await().until(() -> !Files.exists(socket()));
            handler.release.countDown();

            assertThat(stopped.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(readByte(served)).isEqualTo(42);
            assertClosedByPeer(waiting);
        }
    }

    @Test
    void noListenerThreadRemainsAfterStop() throws Exception {
        UnixListener listener = this.servers.start(UnixListener.builder(socket()).name("leakcheck"),
                ANSWER_ONE_BYTE);
        for (int i = 0; i < 3; i++) {
            try (AFUNIXSocket client = connect(socket())) {
                assertThat(readByte(client)).isEqualTo(42);
            }
        }
        assertThat(TestSupport.liveThreadNames("acomm-leakcheck-")).as("threads while running").isNotEmpty();

        listener.stop(Duration.ofSeconds(1));

        TestSupport.awaitNoThreads("acomm-", Duration.ofSeconds(2));
    }

    @Test
    void stoppingAListenerThatNeverStartedDoesNothing() {
        UnixListener listener = UnixListener.builder(socket()).build();

        assertThat(listener.stop(Duration.ofMillis(10))).isTrue();
        assertThat(listener.terminated()).isDone();
        assertThat(socket()).doesNotExist();
    }

    @Test
    void invalidBuilderSettingsAreRefused() {
        assertThatThrownBy(() -> UnixListener.builder(socket()).maxConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnixListener.builder(socket()).maxConnections(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
