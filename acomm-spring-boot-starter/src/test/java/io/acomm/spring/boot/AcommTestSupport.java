package io.acomm.spring.boot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import com.sun.security.auth.module.UnixSystem;
import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import io.acomm.Provider;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.ResponseCallback;
import io.acomm.Tracker;
import io.acomm.internal.server.UnixListener;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;

/**
 * Helpers shared by the starter's tests: context runners with the acomm auto-configurations, tracking and answering
 * requests over the tracker's real socket, a recording HTTP server, and failure-message checks.
 */
final class AcommTestSupport {

    /** The acomm auto-configurations and the Boot ones they build on. */
    static final AutoConfigurations AUTO_CONFIGURATIONS = AutoConfigurations.of(JacksonAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class, HttpClientAutoConfiguration.class,
            ImperativeHttpClientAutoConfiguration.class, RestTemplateAutoConfiguration.class,
            RestClientAutoConfiguration.class, AcommAutoConfiguration.class, AcommWebMvcAutoConfiguration.class,
            AcommHealthAutoConfiguration.class, AcommMetricsAutoConfiguration.class);

    private static final AutoConfigurations WEB_MVC = AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class);

    /** The ack the protocol writes back, as Go writes it. */
    static final String ACK_JSON = "{\"error\":\"\",\"id\":\"\",\"result\":null,\"stream_url\":null}";

    private static final JsonMapper MAPPER = new JsonMapper();

    /**
     * One HTTP/1.1 client for the tests that post raw bodies, so that its connections are kept alive between
     * requests (as far as the server keeps them).
     */
    private static final HttpClient HTTP_CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private AcommTestSupport() {
    }

    /**
     * @param socketDir where the tracker's socket goes (keep it short: unix socket paths are limited to 107 bytes)
     * @return a runner for a plain (non-web) application
     */
    static ApplicationContextRunner contextRunner(Path socketDir) {
        return new ApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
                .withPropertyValues("acomm.tracker.socket-dir=" + socketDir);
    }

    /**
     * @return a runner for a servlet web application with Spring MVC but no web server
     */
    static WebApplicationContextRunner webContextRunner(Path socketDir) {
        return new WebApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS).withConfiguration(WEB_MVC)
                .withPropertyValues("acomm.tracker.socket-dir=" + socketDir);
    }

    /**
     * @return a runner for a servlet web application with a real embedded Tomcat on a free loopback port
     */
    static WebApplicationContextRunner webServerContextRunner(Path socketDir) {
        return new WebApplicationContextRunner(AnnotationConfigServletWebServerApplicationContext::new)
                .withConfiguration(AUTO_CONFIGURATIONS).withConfiguration(WEB_MVC)
                .withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class))
                .withPropertyValues("acomm.tracker.socket-dir=" + socketDir, "server.port=0",
                        "server.address=127.0.0.1");
    }

    /**
     * @return the provider socket of {@link #providerRunner(Path)} in a socket directory
     */
    static Path providerSocket(Path socketDir) {
        return socketDir.resolve("p.sock");
    }

    /**
     * @return a runner for a plain application whose provider (if it serves any task) listens on
     *     {@link #providerSocket(Path)}
     */
    static ApplicationContextRunner providerRunner(Path socketDir) {
        return contextRunner(socketDir).withPropertyValues("acomm.provider.socket-path=" + providerSocket(socketDir));
    }

    /**
     * @return the running provider of a context
     */
    static Provider provider(ApplicationContext context) {
        Provider provider = context.getBean(ProviderLifecycle.class).provider();
        if (provider == null) {
            throw new AssertionError("the context runs no acomm provider");
        }
        return provider;
    }

    /**
     * Sends a request for a task to the context's provider through the context's tracker and waits for the
     * response (an error response included).
     */
    static Response callTask(ApplicationContext context, String task, Object args) {
        return callTask(context.getBean(Tracker.class), provider(context).url(),
                Request.builder().task(task).args(args).build());
    }

    /**
     * Sends a request to a provider socket through a tracker and waits for the response (an error response
     * included).
     */
    static Response callTask(Tracker tracker, URI provider, Request request) {
        return resultOf(tracker.send(provider, request, Duration.ofSeconds(5)));
    }

    /**
     * Writes raw bytes to a unix socket as a client and reads the ack frame that comes back.
     */
    static Response exchangeRaw(Path socketPath, byte[] raw) throws IOException {
        try (AFUNIXSocket socket = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socketPath))) {
            OutputStream out = socket.getOutputStream();
            out.write(raw);
            out.flush();
            return AcommJson.defaults().decodeResponse(FrameCodec.defaults().readFrame(socket));
        }
    }

    /**
     * Writes one frame holding the payload to a unix socket as a client and reads the ack frame that comes back.
     */
    static Response exchangeFrame(Path socketPath, String payload) throws IOException {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[4 + bytes.length];
        frame[0] = (byte) (bytes.length >>> 24);
        frame[1] = (byte) (bytes.length >>> 16);
        frame[2] = (byte) (bytes.length >>> 8);
        frame[3] = (byte) bytes.length;
        System.arraycopy(bytes, 0, frame, 4, bytes.length);
        return exchangeRaw(socketPath, frame);
    }

    /**
     * @return a new short temporary directory for sockets, deleted when the JVM exits (by then it is empty)
     */
    static Path newSocketDir() {
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
     * Tracks a new request for a task whose response hook is the tracker itself.
     * @param onSuccess the success callback, or {@code null}
     * @param onError the error callback, or {@code null}
     */
    static Request track(Tracker tracker, String task, Object args, ResponseCallback onSuccess,
            ResponseCallback onError) {
        Request request = Request.create(task, tracker.url().toString(), args).withCallbacks(onSuccess, onError);
        tracker.trackRequest(request);
        return request;
    }

    /**
     * Tracks a new request without callbacks, so that its response goes to the {@code @ResponseHandler} methods.
     */
    static Request track(Tracker tracker, String task, Object args) {
        return track(tracker, task, args, null, null);
    }

    /**
     * @return a started core tracker of its own, standing for another local service that proxies through ours
     */
    static Tracker startTracker(Path socketDir) {
        Tracker tracker = Tracker.builder().socketDir(socketDir).build();
        tracker.startListener();
        return tracker;
    }

    /**
     * Stops a tracker a test started, answering whatever the test left tracked.
     */
    static void stopQuietly(Tracker tracker) {
        // what a test left tracked has been answered with 'tracker stopped'
        tracker.stopListener(Duration.ofMillis(100));
    }

    /**
     * @return a callback that completes the future with the response
     */
    static ResponseCallback completing(CompletableFuture<Response> future) {
        return (request, response) -> future.complete(response);
    }

    /**
     * @return the future's value, waiting up to 10 seconds for it
     */
    static <T> T resultOf(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new AssertionError("no result within 10s: " + ex, ex);
        }
    }

    /**
     * @return every message of the throwable and its causes, one a line, to assert a failure names something
     */
    static String messageChain(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable current = failure; current != null; current = current.getCause()) {
            messages.append(current.getClass().getName()).append(": ").append(current.getMessage()).append('\n');
        }
        return messages.toString();
    }

    /**
     * @return an http URL on a loopback port nothing listens on
     */
    static URI refusedUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hook");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * POSTs raw bytes as {@code application/json} with the shared keep-alive HTTP/1.1 client.
     * @param chunked whether to send the body with chunked transfer encoding (no {@code Content-Length}) rather
     *     than with a {@code Content-Length} header
     */
    static HttpResponse<byte[]> postRaw(URI url, byte[] body, boolean chunked) {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(publisher).build();
        try {
            return HTTP_CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("POST of " + body.length + " bytes to " + url + " failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @return a GET of the URL with the shared client, with a short timeout: an endpoint that hangs fails the test
     */
    static HttpResponse<byte[]> getRaw(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).GET().build();
        try {
            return HTTP_CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("GET of " + url + " failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Writes a hand-made HTTP/1.1 request to a loopback port, as no well-behaved client would (a lying
     * {@code Content-Length}, a body that never ends), and reads one response without waiting for the server to
     * read the rest of the request.
     */
    static RawHttpResponse rawHttp(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
            while (!headBytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("connection closed in the response head: " + headBytes);
                }
                headBytes.write(next);
            }
            String responseHead = headBytes.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(responseHead.substring(9, 12));
            int contentLength = responseHead.lines().map(line -> line.toLowerCase(Locale.ROOT))
                    .filter(line -> line.startsWith("content-length:"))
                    .mapToInt(line -> Integer.parseInt(line.substring(15).trim())).findFirst().orElse(0);
            return new RawHttpResponse(status, responseHead, in.readNBytes(contentLength));
        }
    }

    /**
     * A response read by {@link #rawHttp}.
     */
    record RawHttpResponse(int status, String head, byte[] body) {
    }

    /**
     * Asserts that a body is an error ack as the protocol writes it: an empty id, no result, and an error.
     * @return the ack's error
     */
    static String errorOfAck(byte[] body) {
        JsonNode ack;
        try {
            ack = MAPPER.readTree(body);
        }
        catch (JacksonException ex) {
            throw new AssertionError("not an ack: " + new String(body, StandardCharsets.UTF_8), ex);
        }
        if (ack == null || !ack.isObject() || !ack.path("id").isString() || !ack.get("id").asString().isEmpty()
                || !ack.path("result").isNull() || !ack.path("error").isString()
                || ack.get("error").asString().isEmpty()) {
            throw new AssertionError("not an error ack: " + new String(body, StandardCharsets.UTF_8));
        }
        return ack.get("error").asString();
    }

    /**
     * @return the uid this process runs as
     */
    static long currentUid() {
        return new UnixSystem().getUid();
    }

    /**
     * @return the primary gid this process runs as
     */
    static long currentGid() {
        return new UnixSystem().getGid();
    }

    /**
     * @return an id that is neither this process's uid nor any of its gids: 4242 unless that is taken
     */
    static long foreignId() {
        UnixSystem system = new UnixSystem();
        long id = 4242;
        while (id == system.getUid() || id == system.getGid()
                || (system.getGroups() != null && contains(system.getGroups(), id))) {
            id++;
        }
        return id;
    }

    private static boolean contains(long[] values, long value) {
        return Arrays.stream(values).anyMatch(candidate -> candidate == value);
    }

    /**
     * A live unix socket, standing for another local service (a provider, say), that counts the connections it
     * gets and closes each at once.
     */
    static final class ConnectionCounter implements AutoCloseable {

        private final UnixListener listener;
        private final AtomicInteger connections = new AtomicInteger();

        ConnectionCounter(Path socketPath) throws IOException {
            this.listener = UnixListener.builder(socketPath).name("counter").maxConcurrency(2).build();
            this.listener.start(socket -> this.connections.incrementAndGet());
        }

        URI url() {
            return this.listener.url();
        }

        Path socketPath() {
            return this.listener.socketPath();
        }

        int connections() {
            return this.connections.get();
        }

        @Override
        public void close() {
            this.listener.stop(Duration.ofSeconds(1));
        }
    }

    /**
     * An application type that only the application's own Jackson module can read and write (as {@code "21.5C"}).
     */
    record Temperature(double celsius) {
    }

    /**
     * @return the application's Jackson module for {@link Temperature}
     */
    static JacksonModule temperatureModule() {
        return new SimpleModule("temperature")
                .addSerializer(Temperature.class, new StdSerializer<>(Temperature.class) {
                    @Override
                    public void serialize(Temperature value, JsonGenerator generator, SerializationContext context) {
                        generator.writeString(value.celsius() + "C");
                    }
                })
                .addDeserializer(Temperature.class, new StdDeserializer<>(Temperature.class) {
                    @Override
                    public Temperature deserialize(JsonParser parser, DeserializationContext context) {
                        String text = parser.getValueAsString();
                        if (text == null || !text.endsWith("C")) {
                            throw context.weirdStringException(text, Temperature.class, "not like 21.5C");
                        }
                        return new Temperature(Double.parseDouble(text.substring(0, text.length() - 1)));
                    }
                });
    }

    /**
     * An embedded JDK HTTP server on a free loopback port whose {@code /hook} records every request and answers with
     * a configurable status and body (the protocol's ack by default), or redirects.
     */
    static final class RecordingHttpServer implements AutoCloseable {

        private final HttpServer server;
        private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
        private volatile int status = 200;
        private volatile byte[] reply = ACK_JSON.getBytes(StandardCharsets.UTF_8);
        private volatile URI location;

        RecordingHttpServer() throws IOException {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            this.server.createContext("/hook", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    this.exchanges.add(new Exchange(exchange.getRequestHeaders(), body.readAllBytes()));
                }
                byte[] answer = this.reply;
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                if (this.location != null) {
                    exchange.getResponseHeaders().set("Location", this.location.toString());
                }
                exchange.sendResponseHeaders(this.status, answer.length == 0 ? -1 : answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            });
            this.server.start();
        }

        RecordingHttpServer replyWith(int status, String body) {
            this.status = status;
            this.reply = body.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * Answers every request with a 302 to another URL.
         */
        RecordingHttpServer redirectTo(URI target) {
            this.location = target;
            return replyWith(302, "");
        }

        URI hook() {
            return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook");
        }

        List<Exchange> exchanges() {
            return this.exchanges;
        }

        @Override
        public void close() {
            this.server.stop(0);
        }

        record Exchange(Headers headers, byte[] body) {

            String bodyText() {
                return new String(this.body, StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * A hook that accepts connections on a free loopback port and never answers, standing for a hung HTTP service.
     */
    static final class SilentHttpServer implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        SilentHttpServer() throws IOException {
            this.server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::acceptUntilClosed, "silent-http-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptUntilClosed() {
            try {
                while (true) {
                    this.accepted.add(this.server.accept());
                }
            }
            catch (IOException closed) {
                // the server socket was closed: the test is over
            }
        }

        URI hook() {
            return URI.create("http://127.0.0.1:" + this.server.getLocalPort() + "/hook");
        }

        int connections() {
            return this.accepted.size();
        }

        @Override
        public void close() throws IOException {
            this.server.close();
            for (Socket socket : this.accepted) {
                socket.close();
            }
        }
    }
}
