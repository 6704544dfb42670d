package io.acomm.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * An embedded JDK HTTP server on a free loopback port for tests. Its hook endpoint records every request and answers
 * with a configurable status and body (the protocol's ack by default), or redirects.
 */
public final class TestHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile byte[] reply = TestHttp.ACK_JSON.getBytes(StandardCharsets.UTF_8);
    private volatile URI location;

    private TestHttpServer() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                this.exchanges.add(new Exchange(exchange.getRequestHeaders(), body.readAllBytes()));
            }
            if (this.location != null) {
                exchange.getResponseHeaders().set("Location", this.location.toString());
            }
            reply(exchange, this.status, this.reply);
        });
        this.server.start();
    }

    public static TestHttpServer start() throws IOException {
        return new TestHttpServer();
    }

    public TestHttpServer route(String path, HttpHandler handler) {
        this.server.createContext(path, handler);
        return this;
    }

    /**
     * Answers every request to the hook endpoint with the status and body.
     */
    public TestHttpServer replyWith(int status, String body) {
        this.status = status;
        this.reply = body.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /**
     * Answers every request to the hook endpoint with a 302 to another URL.
     */
    public TestHttpServer redirectTo(URI target) {
        this.location = target;
        return replyWith(302, "");
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path);
    }

    /**
     * @return the URL of the recording hook endpoint
     */
    public URI hook() {
        return url("/hook");
    }

    /**
     * @return the requests to the hook endpoint, in arrival order
     */
    public List<Exchange> exchanges() {
        return this.exchanges;
    }

    /**
     * @return the bodies posted to the hook endpoint, in arrival order
     */
    public List<byte[]> posted() {
        return this.exchanges.stream().map(Exchange::body).collect(Collectors.toList());
    }

    public static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

    /**
     * A request to the hook endpoint: its headers and body.
     */
    public record Exchange(Headers headers, byte[] body) {

        public String bodyText() {
            return new String(this.body, StandardCharsets.UTF_8);
        }
    }
}
