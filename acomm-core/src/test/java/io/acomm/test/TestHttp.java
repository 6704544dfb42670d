package io.acomm.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * HTTP as a test client speaks it: raw bodies posted with a keep-alive client, hand-made requests no well-behaved
 * client would send, and the protocol's acks.
 */
public final class TestHttp {

    /** The ack the protocol writes back, as Go writes it. */
    public static final String ACK_JSON = "{\"error\":\"\",\"id\":\"\",\"result\":null,\"stream_url\":null}";

    /**
     * One HTTP/1.1 client for the tests that post raw bodies, so that its connections are kept alive between
     * requests (as far as the server keeps them).
     */
    private static final HttpClient HTTP_CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestHttp() {
    }

    /**
     * POSTs raw bytes as {@code application/json} with the shared keep-alive HTTP/1.1 client.
     * @param chunked whether to send the body with chunked transfer encoding (no {@code Content-Length}) rather
     *     than with a {@code Content-Length} header
     */
    public static HttpResponse<byte[]> postRaw(URI url, byte[] body, boolean chunked) {
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
    public static HttpResponse<byte[]> getRaw(URI url) {
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
    public static RawHttpResponse rawHttp(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
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
    public record RawHttpResponse(int status, String head, byte[] body) {
    }

    /**
     * Asserts that a body is an error ack as the protocol writes it: an empty id, no result, and an error.
     * @return the ack's error
     */
    public static String errorOfAck(byte[] body) {
        JsonNode ack;
        try {
            ack = TestSupport.PLAIN_MAPPER.readTree(body);
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
}
