package io.acomm.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import io.acomm.Response;
import io.acomm.transport.UnixTransport;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A raw unix socket peer that accepts one connection, reads one frame, acks it, and keeps the frame's bytes exactly as
 * they came over the wire, for the tests of what a sender writes.
 */
public final class FrameRecorder implements AutoCloseable {

    private final Path socket;
    private final AFUNIXServerSocket server;
    private final CompletableFuture<byte[]> frame;

    private FrameRecorder(Path socket) throws IOException {
        this.socket = socket;
        this.server = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(socket));
        this.frame = CompletableFuture.supplyAsync(this::recordOne);
    }

    /**
     * @param socket where to listen
     * @return a recorder waiting for its frame
     * @throws IOException if the socket cannot be bound
     */
    public static FrameRecorder listen(Path socket) throws IOException {
        return new FrameRecorder(socket);
    }

    private byte[] recordOne() {
        try (AFUNIXSocket peer = this.server.accept()) {
            byte[] payload = FrameCodec.defaults().readFrame(peer);
            FrameCodec.defaults().writeFrame(peer.getOutputStream(), AcommJson.defaults().encode(Response.ack()));
            return payload;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return the URL to send to
     */
    public URI url() {
        return UnixTransport.url(this.socket);
    }

    /**
     * @return the payload of the frame received, as UTF-8 text
     */
    public String awaitFrame() {
        return new String(TestSupport.resultOf(this.frame), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        this.server.close();
    }
}
