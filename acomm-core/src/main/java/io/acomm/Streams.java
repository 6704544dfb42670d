package io.acomm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

import io.acomm.transport.UnixTransport;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Reads the stream a response points to: a {@code unix://} stream (raw bytes until the writer closes, as
 * {@link UnixStreams} serve them) or an {@code http(s)://} one (the body of a GET, as the HTTP stream endpoint serves
 * them). HTTP streams are read with one shared JDK {@link HttpClient}.
 */
public final class Streams {

    private Streams() {
    }

    /**
     * Reads a stream to its end.
     * @param out where the bytes go
     * @param streamUrl the stream
     * @throws IOException if the stream cannot be read, naming its URL
     */
    public static void stream(OutputStream out, URI streamUrl) throws IOException {
        try (InputStream in = open(streamUrl)) {
            in.transferTo(out);
        }
    }

    /**
     * Opens a stream for reading. The caller closes it.
     * @param streamUrl the stream
     * @return the stream's bytes
     * @throws IOException if the stream cannot be opened, naming its URL
     */
    public static InputStream open(URI streamUrl) throws IOException {
        String scheme = streamUrl.getScheme() == null ? "" : streamUrl.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "unix" -> openUnix(streamUrl);
            case "http", "https" -> openHttp(streamUrl);
            default -> throw new IOException("cannot read stream " + streamUrl + ": unknown url type: " + scheme);
        };
    }

    private static InputStream openUnix(URI streamUrl) throws IOException {
        try {
            AFUNIXSocket socket = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(UnixTransport.socketPath(streamUrl)));
            return socket.getInputStream();
        }
        catch (IOException ex) {
            throw new IOException("cannot read stream " + streamUrl + ": " + ex.getMessage(), ex);
        }
    }

    private static InputStream openHttp(URI streamUrl) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(streamUrl).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = HttpClientHolder.INSTANCE.send(request, HttpResponse.BodyHandlers.ofInputStream());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading stream " + streamUrl, ex);
        }
        if (response.statusCode() / 100 != 2) {
            response.body().close();
            throw new IOException("cannot read stream " + streamUrl + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** The HTTP client, made when the first HTTP stream is read. */
    private static final class HttpClientHolder {
        static final HttpClient INSTANCE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }
}
