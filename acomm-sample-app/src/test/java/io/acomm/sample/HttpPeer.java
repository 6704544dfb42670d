package io.acomm.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Sender;

/**
 * A plain HTTP peer of the application on a free loopback port, standing for a remote host: its {@code /hook}
 * records every message posted to it, acks it as the protocol says, and, when it plays a provider, answers each
 * request to the request's hook after the ack.
 */
final class HttpPeer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService answers = Executors.newCachedThreadPool();
    private final BlockingQueue<byte[]> posted = new LinkedBlockingQueue<>();

    private HttpPeer(Function<Request, Response> provider, String refusal) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (refusal != null) {
                reply(exchange, AcommJson.defaults().encode(Response.errorAck(refusal)));
                this.posted.add(body);
                return;
            }
            reply(exchange, AcommJson.defaults().encode(Response.ack()));
            // recorded once acked, so that a test closing the peer right after does not cut the ack off
            this.posted.add(body);
            if (provider != null) {
                Request request = AcommJson.defaults().decodeRequest(body);
                this.answers.execute(() -> Sender.defaults().send(request.responseHook(), provider.apply(request)));
            }
        });
        this.server.start();
    }

    /**
     * @return a peer that only records and acks what it is sent
     */
    static HttpPeer recorder() throws IOException {
        return new HttpPeer(null, null);
    }

    /**
     * @param provider answers each request posted to the hook
     * @return a peer that serves requests over HTTP
     */
    static HttpPeer provider(Function<Request, Response> provider) throws IOException {
        return new HttpPeer(provider, null);
    }

    /**
     * @param error the error of every ack
     * @return a peer that refuses everything
     */
    static HttpPeer refusing(String error) throws IOException {
        return new HttpPeer(null, error);
    }

    URI hook() {
        return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook");
    }

    /**
     * @return the next message posted to the hook
     * @throws AssertionError if none comes in time
     */
    byte[] nextPosted(Duration timeout) throws InterruptedException {
        byte[] body = this.posted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (body == null) {
            throw new AssertionError("nothing was posted to " + hook() + " within " + timeout);
        }
        return body;
    }

    private static void reply(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        this.server.stop(0);
        this.answers.shutdownNow();
    }
}
