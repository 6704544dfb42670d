package io.acomm.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import io.acomm.FrameException;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.SendException;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

import static io.acomm.test.TestSupport.WAIT;
import static io.acomm.test.TestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every unix send ends by its deadline, whichever of connect, write and ack read has to wait: real sockets, and peers
 * that do not accept, read or ack.
 */
class UnixTransportDeadlineTests {

    /** The send timeout of the tests: long enough to tell a deadline from scheduling noise. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** How early a socket timeout may end: a kernel timer tick, 10 ms at the coarsest. */
    private static final Duration TICK = Duration.ofMillis(10);

    /**
     * How late a send may end after its deadline on a busy machine: the kernel's timers may fire an eighth of their
     * timeout late, and the thread must then be scheduled. Less than the timeout, so a second wait shows.
     */
    private static final Duration LATE = Duration.ofMillis(1800);

    @RegisterExtension
    final TestSupport.Servers servers = new TestSupport.Servers();

    @TempDir
    Path dir;

    private final AcommJson json = AcommJson.defaults();

    private final byte[] message = this.json.encode(Request.create("vm.create", "unix:///run/tracker.sock",
            Map.of("cpus", 2)));

    /** Raw server sockets and clients, closed after each test. */
    private final List<Closeable> sockets = new ArrayList<>();

    /** Lets handlers that wait for the end of the test return. */
    private final CountDownLatch testOver = new CountDownLatch(1);

    @AfterEach
    void closeSockets() throws IOException {
        this.testOver.countDown();
        for (Closeable socket : this.sockets) {
            socket.close();
        }
    }

    // ---- connect ----

    @Test
    void aFullBacklogFailsTheSendAtItsDeadline() throws Exception {
        Path path = this.dir.resolve("full.sock");
        fullBacklog(path);
        UnixTransport transport = new UnixTransport(this.json, FrameCodec.defaults(), TIMEOUT);

        Outcome outcome = Outcome.of(() -> transport.send(UnixTransport.url(path), this.message)).await();

        assertThat(outcome.failure()).isInstanceOf(SendException.class)
                .hasMessageContaining("timed out after " + TIMEOUT.toMillis() + " ms connecting to " + path + " (its backlog is full)");
        assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.plus(LATE));
    }

    @Test
    void aSendWaitingOnAFullBacklogGoesThroughOnceTheListenerAccepts() throws Exception {
        Path path = this.dir.resolve("full.sock");
        FullBacklog backlog = fullBacklog(path);
        UnixTransport transport = new UnixTransport(this.json, FrameCodec.defaults(), WAIT);

        Outcome.Running sending = Outcome.of(() -> transport.send(UnixTransport.url(path), this.message));
        TestSupport.await().until(sending::waitsToConnect);
        backlog.closeQueuedClients();
        byte[] received = acceptUntilAFrameArrives(backlog.server());

        assertThat(sending.await().failure()).isNull();
        assertThat(received).isEqualTo(this.message);
    }

    @Test
    void aSocketNobodyListensOnFailsAtOnce() throws Exception {
        Path path = this.dir.resolve("stale.sock");
        // bound and closed, leaving its file behind
        AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(path), false).close();
        UnixTransport transport = new UnixTransport(this.json, FrameCodec.defaults(), WAIT);

        Outcome outcome = Outcome.of(() -> transport.send(UnixTransport.url(path), this.message)).await();

        assertThat(outcome.failure()).isInstanceOf(SendException.class)
                .hasMessageContaining("cannot connect to " + path).hasMessageContaining("refused");
        assertThat(outcome.elapsed()).isLessThan(WAIT.dividedBy(2));
    }

    // ---- write ----

    @Test
    void aFrameToAPeerThatNeverReadsFailsAtTheDeadline() throws Exception {
        URI url = this.servers.start(this.dir.resolve("deaf.sock"), socket -> awaitTestOver()).url();
        UnixTransport transport = new UnixTransport(this.json, FrameCodec.defaults(), TIMEOUT);
        byte[] twoMegabytes = messageOfSize(2 * 1024 * 1024);

        Outcome outcome = Outcome.of(() -> transport.send(url, twoMegabytes)).await();

        assertThat(outcome.failure()).isInstanceOf(SendException.class).hasMessageContaining(url.toString())
                .hasMessageContaining("timed out after " + TIMEOUT.toMillis() + " ms writing the frame");
        assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(TIMEOUT.minus(TICK)).isLessThan(TIMEOUT.plus(LATE));
    }

    @Test
    void aFrameToAPeerThatReadsTooSlowlyFailsAtTheDeadline() throws Exception {
        // 8 KiB every 20 ms at most: 2 MiB take more than five seconds, while no single write waits long
        URI url = this.servers.start(this.dir.resolve("slow.sock"), socket -> {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8 * 1024];
            while (in.read(buffer) > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }).url();
        UnixTransport transport = new UnixTransport(this.json, FrameCodec.defaults(), TIMEOUT);
        byte[] twoMegabytes = messageOfSize(2 * 1024 * 1024);

        Outcome outcome = Outcome.of(() -> transport.send(url, twoMegabytes)).await();

        assertThat(outcome.failure()).isInstanceOf(SendException.class)
                .hasMessageContaining("timed out after " + TIMEOUT.toMillis() + " ms writing the frame");
        assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(TIMEOUT.minus(TICK)).isLessThan(TIMEOUT.plus(LATE));
    }

    @Test
    void aLargeFrameArrivesWhole() throws Exception {
        TestSupport.Inbox<Request> inbox = this.servers.requestInbox(this.dir.resolve("p.sock"));
        byte[] large = this.json.encode(Request.create("vm.create", "unix:///run/tracker.sock",
                Map.of("blob", "x".repeat(3 * 1024 * 1024 + 7))));

        new UnixTransport(this.json, FrameCodec.defaults(), WAIT).send(inbox.listener().url(), large);

        assertThat(tree(this.json.encode(inbox.next()))).isEqualTo(tree(large));
    }

    // ---- ack ----

    @Test
    void aPeerThatReadsButNeverAcksFailsAtTheDeadline() throws Exception {
        URI url = peerThatNeverAcks();
        UnixTransport transport = new UnixTransport(this.json, FrameCodec.defaults(), TIMEOUT);

        Outcome outcome = Outcome.of(() -> transport.send(url, this.message)).await();

        assertThat(outcome.failure()).isInstanceOf(SendException.class).hasMessageContaining(url.toString())
                .hasMessageContaining("timed out after " + TIMEOUT.toMillis() + " ms with no ack");
        assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(TIMEOUT.minus(TICK)).isLessThan(TIMEOUT.plus(LATE));
    }

    @Test
    void theCodecsReadTimeoutStillAppliesWhenItIsTheSmaller() throws Exception {
        URI url = peerThatNeverAcks();
        UnixTransport transport = new UnixTransport(this.json, new FrameCodec(1024, TIMEOUT), WAIT);

        Outcome outcome = Outcome.of(() -> transport.send(url, this.message)).await();

        assertThat(outcome.failure()).isInstanceOf(SendException.class)
                .hasMessageContaining("timed out after " + TIMEOUT.toMillis() + " ms with no ack");
        assertThat(outcome.elapsed()).isLessThan(TIMEOUT.plus(LATE));
    }

    // ---- timeouts given by the caller ----

    @Test
    void theSmallerOfTheCallersAndTheTransportsTimeoutApplies() throws Exception {
        URI url = peerThatNeverAcks();
        UnixTransport patient = new UnixTransport(this.json, FrameCodec.defaults(), WAIT);
        UnixTransport impatient = new UnixTransport(this.json, FrameCodec.defaults(), TIMEOUT);

        Outcome callerFirst = Outcome.of(() -> patient.send(url, this.message, TIMEOUT)).await();
        Outcome transportFirst = Outcome.of(() -> impatient.send(url, this.message, Duration.ofDays(1))).await();

        for (Outcome outcome : List.of(callerFirst, transportFirst)) {
            assertThat(outcome.failure()).isInstanceOf(SendException.class)
                    .hasMessageContaining("timed out after " + TIMEOUT.toMillis() + " ms with no ack");
            assertThat(outcome.elapsed()).isLessThan(TIMEOUT.plus(LATE));
        }
    }

    @Test
    void theSendTimeoutIsTheDefaultUnlessGivenAndMustBePositive() {
        assertThat(new UnixTransport(this.json, FrameCodec.defaults()).sendTimeout())
                .isEqualTo(UnixTransport.DEFAULT_SEND_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
        assertThat(new UnixTransport(this.json, FrameCodec.defaults(), TIMEOUT).sendTimeout()).isEqualTo(TIMEOUT);
        assertThatThrownBy(() -> new UnixTransport(this.json, FrameCodec.defaults(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("send timeout must be positive");
        UnixTransport transport = new UnixTransport(this.json, FrameCodec.defaults());
        assertThatThrownBy(() -> transport.send(URI.create("unix:///x.sock"), this.message, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
    }

    // ---- peers ----

    /** A listener with the smallest backlog that never accepts, and the clients that fill its queue. */
    private record FullBacklog(AFUNIXServerSocket server, List<AFUNIXSocketChannel> queuedClients) {

        /** Closes the queued clients: the listener then reads an end of stream from each it accepts. */
        void closeQueuedClients() throws IOException {
            for (AFUNIXSocketChannel client : this.queuedClients) {
                client.close();
            }
        }
    }

    /**
     * Binds a listener with a backlog of 1 that never accepts, and connects to it without blocking until a connect is
     * refused: Linux queues one connection more than the backlog, and refuses the next non-blocking connect with
     * EAGAIN, which junixsocket reports as a connect still pending ({@code connect()} returns {@code false}).
     */
    private FullBacklog fullBacklog(Path path) throws IOException {
        AFUNIXSocketAddress address = AFUNIXSocketAddress.of(path);
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        this.sockets.add(server);
        server.bind(address, 1);
        List<AFUNIXSocketChannel> queued = new ArrayList<>();
        for (int attempt = 0; attempt < 100; attempt++) {
            AFUNIXSocketChannel client = AFUNIXSocketChannel.open();
            this.sockets.add(client);
            client.configureBlocking(false);
            if (!client.connect(address)) {
                client.close();
                assertThat(queued).as("connections the backlog of 1 queued").hasSize(2);
                return new FullBacklog(server, queued);
            }
            queued.add(client);
        }
        throw new AssertionError("the backlog of " + path + " never filled");
    }

    /**
     * Accepts connections until one brings a frame, and acks it: the queued clients before it have closed.
     * @return the frame's payload
     */
    private byte[] acceptUntilAFrameArrives(AFUNIXServerSocket server) throws IOException {
        server.setSoTimeout((int) WAIT.toMillis());
        while (true) {
            try (AFUNIXSocket peer = server.accept()) {
                byte[] payload;
                try {
                    payload = FrameCodec.defaults().readFrame(peer);
                }
                catch (FrameException closedWithoutAFrame) {
                    continue;
                }
                FrameCodec.defaults().writeFrame(peer.getOutputStream(), this.json.encode(Response.ack()));
                return payload;
            }
        }
    }

    /** A listener that reads each frame and then waits for the end of the test without acking. */
    private URI peerThatNeverAcks() throws IOException {
        return this.servers.start(this.dir.resolve("mute.sock"), socket -> {
            FrameCodec.defaults().readFrame(socket);
            awaitTestOver();
        }).url();
    }

    private void awaitTestOver() {
        try {
            this.testOver.await(2 * WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] messageOfSize(int size) {
        byte[] message = new byte[size];
        Arrays.fill(message, (byte) ' ');
        message[0] = '{';
        message[size - 1] = '}';
        return message;
    }

    /**
     * How a send run on a thread of its own ended, and how long it took.
     * @param elapsed from just before the send began to its end
     * @param failure what it threw, or {@code null}
     */
    private record Outcome(Duration elapsed, Throwable failure) {

        /** Starts the send on a thread named {@code deadline-sender}. */
        static Running of(Runnable send) {
            FutureTask<Outcome> task = new FutureTask<>(() -> {
                long start = System.nanoTime();
                try {
                    send.run();
                    return new Outcome(Duration.ofNanos(System.nanoTime() - start), null);
                }
                catch (RuntimeException ex) {
                    return new Outcome(Duration.ofNanos(System.nanoTime() - start), ex);
                }
            });
            Thread thread = new Thread(task, "deadline-sender");
            thread.setDaemon(true);
            thread.start();
            return new Running(thread, task);
        }

        /** A send under way. */
        record Running(Thread thread, FutureTask<Outcome> task) {

            /**
             * @return whether the send waits in the kernel's connect, for room in a listener's backlog
             */
            boolean waitsToConnect() {
                return Arrays.stream(this.thread.getStackTrace()).anyMatch(frame -> frame.getMethodName()
                        .equals("connect") && frame.getClassName().equals("org.newsclub.net.unix.NativeUnixSocket"));
            }

            /**
             * @return how the send ended
             * @throws AssertionError if it has not ended within twice {@link TestSupport#WAIT}
             */
            Outcome await() throws Exception {
                try {
                    return this.task.get(2 * WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
                catch (TimeoutException ex) {
                    throw new AssertionError("the send was still under way after " + WAIT.multipliedBy(2), ex);
                }
            }
        }
    }
}
