package io.acomm;

import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The {@code unix://} transport: connects to the socket at the URL's path, writes one frame, reads the ack frame and
 * closes.
 */
public final class UnixTransport implements Transport {

    private static final int MAX_CACHED_ADDRESSES = 1024;

    private final AcommJson json;
    private final FrameCodec codec;
    private final Map<Path, AFUNIXSocketAddress> addresses = new ConcurrentHashMap<>();
    private final FrameCodec ackCodec;

    /**
     * @param json decodes the acks
     * @param codec frames the message and reads the ack within its timeout
     */
    public UnixTransport(AcommJson json, FrameCodec codec) {
        this.json = json;
        this.codec = codec;
        this.ackCodec = codec.forAcks();
    }

    /**
     * @param url a {@code unix://} URL
     * @return the socket path it names
     * @throws IllegalArgumentException if the URL is not a unix URL with a path
     */
    public static Path socketPath(URI url) {
        if (!"unix".equalsIgnoreCase(url.getScheme()) || url.getPath() == null || url.getPath().isEmpty()) {
            throw new IllegalArgumentException("not a unix socket URL: " + url);
        }
        return Path.of(url.getPath());
    }

    /**
     * @param socketPath a socket path
     * @return its {@code unix://} URL
     */
    public static URI url(Path socketPath) {
        return URI.create("unix://" + socketPath.toAbsolutePath().toUri().getRawPath());
    }

    @Override
    public void send(URI destination, byte[] message) {
        Path path = socketPath(destination);
        Response ack;
        try (AFUNIXSocket socket = connect(destination, path)) {
            this.codec.writeFrame(socket.getOutputStream(), message);
            ack = this.json.decodeResponse(this.ackCodec.readFrame(socket));
        }
        catch (SendException ex) {
            throw ex;
        }
        catch (IOException | AcommException ex) {
            throw new SendException(destination, describe(ex), ex);
        }
        if (ack.isError()) {
            throw new SendException(destination, "refused: " + ack.error());
        }
    }

    private AFUNIXSocket connect(URI destination, Path path) throws IOException {
        try {
            AFUNIXSocket socket = AFUNIXSocket.connectTo(address(path));
            // used and closed by this thread alone: closing ends the connection without junixsocket's extra shutdown()
            socket.setShutdownOnClose(false);
            return socket;
        }
        catch (SocketException ex) {
            if (!Files.exists(path)) {
                throw new SendException(destination, "no socket at " + path, ex);
            }
            throw new SendException(destination, "cannot connect to " + path + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * The socket address of a path, resolved once: destinations are few (trackers and providers), and resolving an
     * address costs more than the rest of a connect.
     */
    private AFUNIXSocketAddress address(Path path) throws SocketException {
        AFUNIXSocketAddress address = this.addresses.get(path);
        if (address == null) {
            if (this.addresses.size() >= MAX_CACHED_ADDRESSES) {
                this.addresses.clear();
            }
            address = AFUNIXSocketAddress.of(path);
            this.addresses.put(path, address);
        }
        return address;
    }

    private static String describe(Exception ex) {
        return ex instanceof FrameException ? "no valid ack: " + ex.getMessage() : ex.getMessage();
    }
}
