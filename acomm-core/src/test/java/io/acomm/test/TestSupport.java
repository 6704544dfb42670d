package io.acomm.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.security.auth.module.UnixSystem;
import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.ResponseCallback;
import io.acomm.internal.server.ConnectionHandler;
import io.acomm.internal.server.FrameHandler;
import io.acomm.internal.server.FrameReceiver;
import io.acomm.internal.server.UnixListener;
import io.acomm.internal.server.UnixListenerBuilder;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Helpers shared by the acomm-core tests: fixtures, JSON trees, raw socket clients, and the {@link Servers}
 * extension that starts real listeners and HTTP servers and stops them after each test.
 */
public final class TestSupport {

    public static final JsonMapper PLAIN_MAPPER = new JsonMapper();

    /** Generous bound for anything a test waits on; normal runs take milliseconds. */
    public static final Duration WAIT = Duration.ofSeconds(5);

    /**
     * The longest any test waits for a condition that another thread makes true; normal runs take milliseconds, this
     * leaves room for a loaded machine.
     */
    public static final Duration AWAIT_LIMIT = Duration.ofSeconds(10);

    private TestSupport() {
    }

    /**
     * @return an Awaitility wait of at most {@link #AWAIT_LIMIT} that checks its condition at once and then every
     *     few milliseconds (the conditions are cheap, and most hold within milliseconds)
     */
    public static ConditionFactory await() {
        return Awaitility.await().atMost(AWAIT_LIMIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    /**
     * Asserts that nothing happens for a while: the assertion holds throughout a quiet period (and fails the test
     * if it stops holding). Only for tests whose claim is that something does not happen; anything that will happen
     * is waited for with {@link #await()}.
     */
    public static void assertQuietFor(Duration quietPeriod, ThrowingRunnable assertion) {
        await().during(quietPeriod).atMost(quietPeriod.plus(AWAIT_LIMIT)).untilAsserted(assertion);
    }

    // ---- fixtures and JSON ----

    public static byte[] fixture(String name) {
        try (InputStream in = TestSupport.class.getResourceAsStream("/fixtures/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static List<String> fixtureNames() {
        URL dir = TestSupport.class.getResource("/fixtures");
        assertThat(dir).as("fixtures directory on the test class path").isNotNull();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .sorted().collect(Collectors.toList());
        }
        catch (IOException | URISyntaxException ex) {
            throw new IllegalStateException("cannot list fixtures", ex);
        }
    }

    public static JsonNode tree(byte[] json) {
        return PLAIN_MAPPER.readTree(json);
    }

    public static JsonNode tree(String json) {
        return tree(json.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- raw unix socket clients ----

    public static AFUNIXSocket connect(Path socketPath) throws IOException {
        AFUNIXSocket socket = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socketPath));
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    /**
     * Half-closes a client: no more bytes from it, while the listener may still answer. Through the socket's
     * channel, because on Java 25 {@code Socket.shutdownOutput()} checks a connection state junixsocket's sockets
     * do not set, and throws "Socket is not connected".
     */
    public static void halfClose(AFUNIXSocket client) throws IOException {
        client.getChannel().shutdownOutput();
    }

    /**
     * Connects, writes raw bytes (a frame or anything else) and reads the ack frame.
     */
    public static Response exchangeRaw(Path socketPath, byte[] rawBytes) throws IOException {
        try (AFUNIXSocket socket = connect(socketPath)) {
            try {
                socket.getOutputStream().write(rawBytes);
                socket.getOutputStream().flush();
            }
            catch (IOException ex) {
                // a listener that refuses before reading (a peer not allowed) may have answered and closed already
            }
            return AcommJson.defaults().decodeResponse(FrameCodec.defaults().readFrame(socket));
        }
    }

    /**
     * Connects, writes one frame holding the payload and reads the ack frame.
     */
    public static Response exchangeFrame(Path socketPath, byte[] payload) throws IOException {
        return exchangeRaw(socketPath, frame(payload));
    }

    /**
     * Connects, writes one frame holding the payload's UTF-8 bytes and reads the ack frame.
     */
    public static Response exchangeFrame(Path socketPath, String payload) throws IOException {
        return exchangeFrame(socketPath, utf8(payload));
    }

    /**
     * @return a new short temporary directory for sockets, for tests that cannot use {@code @TempDir} (keep socket
     *     paths short: they are limited to 107 bytes); deleted when the JVM exits (by then it is empty)
     */
    public static Path newSocketDir() {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "acomm");
            dir.toFile().deleteOnExit();
            return dir;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Asserts that the peer closed or reset the connection: a read ends at once, it does not time out.
     */
    public static void assertClosedByPeer(Socket client) {
        try {
            assertThat(client.getInputStream().read()).as("connection closed by the listener").isEqualTo(-1);
        }
        catch (SocketTimeoutException ex) {
            throw new AssertionError("connection still open: the read timed out", ex);
        }
        catch (IOException reset) {
            // a reset is a close too
        }
    }

    public static byte[] frame(byte[] payload) {
        return header(payload.length, payload);
    }

    /**
     * @return a 4-byte big-endian length header declaring {@code declaredLength}, followed by {@code body}
     */
    public static byte[] header(long declaredLength, byte[] body) {
        byte[] bytes = new byte[4 + body.length];
        bytes[0] = (byte) (declaredLength >>> 24);
        bytes[1] = (byte) (declaredLength >>> 16);
        bytes[2] = (byte) (declaredLength >>> 8);
        bytes[3] = (byte) declaredLength;
        System.arraycopy(body, 0, bytes, 4, body.length);
        return bytes;
    }

    // ---- threads ----

    public static Set<String> liveThreadNames(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(prefix)).collect(Collectors.toSet());
    }

    public static long liveThreadCount(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(thread -> thread.getName().startsWith(prefix)).count();
    }

    /**
     * @return the names of the worker threads of the listeners named {@code name}: {@code acomm-<name>-<n>}
     */
    public static Set<String> listenerWorkers(String name) {
        return liveThreadNames("acomm-" + name + "-").stream().filter(thread -> thread.matches("acomm-" + name
                + "-\\d+")).collect(Collectors.toSet());
    }

    /**
     * @return the bytes allocated so far by the live threads whose names start with the prefix (HotSpot's per-thread
     *     allocation counters, which count every array however it is allocated)
     */
    public static long allocatedBytes(String prefix) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled())
                .as("per-thread allocation counters").isTrue();
        long[] ids = Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().startsWith(prefix))
                .mapToLong(Thread::getId).toArray();
        return LongStream.of(threads.getThreadAllocatedBytes(ids)).filter(bytes -> bytes > 0).sum();
    }

    public static void awaitNoThreads(String prefix, Duration grace) {
        await().atMost(grace).untilAsserted(() -> assertThat(liveThreadNames(prefix))
                .as("threads named %s* still alive", prefix).isEmpty());
    }

    /**
     * @return a callback that completes the future with the response
     */
    public static ResponseCallback completing(CompletableFuture<Response> future) {
        return (request, response) -> future.complete(response);
    }

    /**
     * @return the future's value, waiting up to {@link #AWAIT_LIMIT} for it
     */
    public static <T> T resultOf(CompletableFuture<T> future) {
        try {
            return future.get(AWAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (Exception ex) {
            throw new AssertionError("no result within " + AWAIT_LIMIT + ": " + ex, ex);
        }
    }

    /**
     * @return the failure the future completes with, waiting up to {@link #AWAIT_LIMIT} for it
     */
    public static Throwable failureOf(CompletableFuture<?> future) {
        Object result;
        try {
            result = future.get(AWAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            return ex.getCause();
        }
        catch (Exception ex) {
            throw new AssertionError("no outcome within " + AWAIT_LIMIT + ": " + ex, ex);
        }
        throw new AssertionError("completed with " + result + " instead of failing");
    }

    /**
     * @return every message of the throwable and its causes, one a line, to assert a failure names something
     */
    public static String messageChain(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable current = failure; current != null; current = current.getCause()) {
            messages.append(current.getClass().getName()).append(": ").append(current.getMessage()).append('\n');
        }
        return messages.toString();
    }

    /**
     * @return an http URL on a loopback port nothing listens on
     */
    public static URI refusedUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hook");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    // ---- ids ----

    /**
     * @return the uid this process runs as
     */
    public static long currentUid() {
        return new UnixSystem().getUid();
    }

    /**
     * @return the primary gid this process runs as
     */
    public static long currentGid() {
        return new UnixSystem().getGid();
    }

    /**
     * @return an id that is neither this process's uid nor any of its gids: 4242 unless that is taken
     */
    public static long foreignId() {
        UnixSystem system = new UnixSystem();
        long id = 4242;
        while (id == system.getUid() || id == system.getGid()
                || (system.getGroups() != null && contains(system.getGroups(), id))) {
            id++;
        }
        return id;
    }

    private static boolean contains(long[] values, long value) {
        return LongStream.of(values).anyMatch(candidate -> candidate == value);
    }

    public static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(value).as("nothing arrived within %s", WAIT).isNotNull();
        return value;
    }

    /**
     * A started listener that collects every message it accepts; messages are added by the work that runs after
     * the ack.
     */
    public record Inbox<T>(UnixListener listener, BlockingQueue<T> messages) {

        public T next() throws InterruptedException {
            return poll(this.messages);
        }
    }

    /**
     * Starts real unix listeners and HTTP servers for a test and stops them all afterwards. Register with
     * {@code @RegisterExtension}.
     */
    public static final class Servers implements AfterEachCallback {

        private final List<UnixListener> listeners = new ArrayList<>();
        private final List<HttpServer> httpServers = new ArrayList<>();
        private final List<ExecutorService> httpExecutors = new ArrayList<>();

        public UnixListener start(UnixListenerBuilder builder, ConnectionHandler handler) throws IOException {
            UnixListener listener = stoppedAfterEach(builder);
            listener.start(handler);
            return listener;
        }

        public UnixListener start(Path socketPath, ConnectionHandler handler) throws IOException {
            return start(UnixListener.builder(socketPath).name("test"), handler);
        }

        public UnixListener start(UnixListenerBuilder builder, FrameHandler handler) throws IOException {
            UnixListener listener = stoppedAfterEach(builder);
            listener.start(handler);
            return listener;
        }

        private UnixListener stoppedAfterEach(UnixListenerBuilder builder) {
            UnixListener listener = builder.build();
            this.listeners.add(listener);
            return listener;
        }

        public UnixListener start(Path socketPath, FrameHandler handler) throws IOException {
            return start(UnixListener.builder(socketPath).name("test"), handler);
        }

        /** A listener that acks every decodable request and collects it. */
        public Inbox<Request> requestInbox(Path socketPath) throws IOException {
            BlockingQueue<Request> received = new LinkedBlockingQueue<>();
            UnixListener listener = start(socketPath, FrameReceiver.forRequests(FrameCodec.defaults(),
                    AcommJson.defaults(), request -> () -> received.add(request)));
            return new Inbox<>(listener, received);
        }

        /** A listener that acks every decodable response and collects it. */
        public Inbox<Response> responseInbox(Path socketPath) throws IOException {
            BlockingQueue<Response> received = new LinkedBlockingQueue<>();
            UnixListener listener = start(socketPath, FrameReceiver.forResponses(FrameCodec.defaults(),
                    AcommJson.defaults(), response -> () -> received.add(response)));
            return new Inbox<>(listener, received);
        }

        /** An HTTP server on 127.0.0.1 and a free port, serving every path with the handler. */
        public HttpServer http(HttpHandler handler) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", handler);
            ExecutorService executor = Executors.newCachedThreadPool();
            server.setExecutor(executor);
            this.httpServers.add(server);
            this.httpExecutors.add(executor);
            server.start();
            return server;
        }

        @Override
        public void afterEach(ExtensionContext context) {
            stopAll();
        }

        /** Stops everything started; for owners that use a {@code Servers} outside an extension. */
        public void stopAll() {
            this.listeners.forEach(listener -> listener.stop(Duration.ofSeconds(2)));
            this.httpServers.forEach(server -> server.stop(0));
            this.httpExecutors.forEach(ExecutorService::shutdownNow);
        }
    }
}
