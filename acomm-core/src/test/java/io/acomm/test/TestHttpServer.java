package io.acomm.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.acomm.AcommJson;
import io.acomm.Response;

/**
 * An embedded JDK HTTP server on a free loopback port for tests. Its hook endpoint records every body posted and
 * answers with the protocol's ack.
 */
public final class TestHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final List<byte[]> posted = new CopyOnWriteArrayList<>();

    private TestHttpServer() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                this.posted.add(body.readAllBytes());
            }
            reply(exchange, 200, AcommJson.defaults().encode(Response.ack()));
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
     * @return the bodies posted to the hook endpoint, in arrival order
     */
    public List<byte[]> posted() {
        return this.posted;
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
}
