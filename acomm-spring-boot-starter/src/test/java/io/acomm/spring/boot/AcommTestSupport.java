package io.acomm.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import io.acomm.AcommException;
import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import io.acomm.Provider;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.ResponseCallback;
import io.acomm.Tracker;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * Helpers shared by the starter's tests: context runners with the acomm auto-configurations, tracking and answering
 * requests over the tracker's real socket, a recording HTTP server, and failure-message checks.
 */
final class AcommTestSupport {

    /** The acomm auto-configurations and the Boot ones they build on. */
    static final AutoConfigurations AUTO_CONFIGURATIONS = AutoConfigurations.of(JacksonAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class, RestTemplateAutoConfiguration.class,
            AcommAutoConfiguration.class, AcommWebMvcAutoConfiguration.class, AcommActuatorAutoConfiguration.class);

    private static final AutoConfigurations WEB_MVC = AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class);

    /** The ack the protocol writes back, as Go writes it. */
    static final String ACK_JSON = "{\"error\":\"\",\"id\":\"\",\"result\":null,\"stream_url\":null}";

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
                .withConfiguration(AutoConfigurations.of(ServletWebServerFactoryAutoConfiguration.class))
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
        tracker.start();
        return tracker;
    }

    /**
     * Stops a tracker a test started, answering whatever the test left tracked.
     */
    static void stopQuietly(Tracker tracker) {
        try {
            tracker.stopListener(Duration.ofMillis(100));
        }
        catch (AcommException leftOver) {
            // what a test left tracked has been answered with 'tracker stopped'
        }
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
     * An application type that only the application's own Jackson module can read and write (as {@code "21.5C"}).
     */
    record Temperature(double celsius) {
    }

    /**
     * @return the application's Jackson module for {@link Temperature}
     */
    static Module temperatureModule() {
        return new SimpleModule("temperature")
                .addSerializer(Temperature.class, new StdSerializer<>(Temperature.class) {
                    @Override
                    public void serialize(Temperature value, JsonGenerator generator, SerializerProvider provider)
                            throws IOException {
                        generator.writeString(value.celsius() + "C");
                    }
                })
                .addDeserializer(Temperature.class, new StdDeserializer<>(Temperature.class) {
                    @Override
                    public Temperature deserialize(JsonParser parser, DeserializationContext context)
                            throws IOException {
                        String text = parser.getValueAsString();
                        if (text == null || !text.endsWith("C")) {
                            throw context.weirdStringException(text, Temperature.class, "not like 21.5C");
                        }
                        return new Temperature(Double.parseDouble(text.substring(0, text.length() - 1)));
                    }
                });
    }

    /**
     * An embedded JDK HTTP server on a free loopback port whose {@code /hook} records every POST and answers with
     * a configurable status and body (the protocol's ack by default).
     */
    static final class RecordingHttpServer implements AutoCloseable {

        private final HttpServer server;
        private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
        private volatile int status = 200;
        private volatile byte[] reply = ACK_JSON.getBytes(StandardCharsets.UTF_8);

        RecordingHttpServer() throws IOException {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            this.server.createContext("/hook", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    this.exchanges.add(new Exchange(exchange.getRequestHeaders(), body.readAllBytes()));
                }
                byte[] answer = this.reply;
                exchange.getResponseHeaders().set("Content-Type", "application/json");
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
}
