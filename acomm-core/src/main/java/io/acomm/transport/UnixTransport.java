package io.acomm.transport;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.acomm.AcommException;
import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import io.acomm.FrameException;
import io.acomm.Response;
import io.acomm.SendException;
import io.acomm.Transport;
import io.acomm.internal.util.DeadlineOutputStream;
import io.acomm.internal.util.SocketPaths;
import io.acomm.internal.util.Timeouts;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The {@code unix://} transport: connects to the socket at the URL's path, writes one frame, reads the ack frame and
 * closes, all within a {@linkplain #sendTimeout() send timeout}.
 * <p>
 * The socket's timeout is set to the send timeout before connecting, and bounds every blocking call of the send. On
 * Linux a blocking connect to a listener whose backlog is full waits, up to that timeout, for the listener to accept a
 * connection and make room, and is woken as soon as it does; the connect is retried until the deadline, as a socket
 * timeout can end up to a timer tick early. A missing socket file, or one nobody listens on, fails at once. A large
 * frame is written in chunks, each within what remains, and the ack is read within the smaller of what then remains
 * and the codec's read timeout. Socket timeouts count whole milliseconds, and the kernel's timers may fire a little
 * late, so a send can end that much after its deadline.
 */
public final class UnixTransport implements Transport {

    /** The default time allowed for a whole send, from connecting to reading the ack: 10 seconds. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);

    private static final int MAX_CACHED_ADDRESSES = 1024;

    /**
     * How early a socket timeout can end: the kernel counts it in timer ticks, at least 100 a second, and the first
     * tick may be almost over when the wait begins.
     */
    private static final long TIMER_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final AcommJson json;
    private final FrameCodec codec;
    private final Duration sendTimeout;
    private final FrameCodec ackCodec;
    private final long ackTimeoutMillis;
    private final Map<Path, AFUNIXSocketAddress> addresses = new ConcurrentHashMap<>();

    /**
     * A transport with the {@linkplain #DEFAULT_SEND_TIMEOUT default send timeout}.
     * @param json decodes the acks
     * @param codec frames the message and reads the ack within its timeout
     */
    public UnixTransport(AcommJson json, FrameCodec codec) {
        this(json, codec, DEFAULT_SEND_TIMEOUT);
    }

    /**
     * @param json decodes the acks
     * @param codec frames the message and reads the ack within its timeout
     * @param sendTimeout the time allowed for a whole send (positive)
     */
    public UnixTransport(AcommJson json, FrameCodec codec, Duration sendTimeout) {
        this.json = json;
        this.codec = codec;
        this.sendTimeout = Timeouts.requirePositive(sendTimeout, "send timeout");
        FrameCodec forAcks = codec.forAcks();
        // a codec that never waits past the send timeout, so that a send that connects at once can use it
        this.ackCodec = forAcks.readTimeout().compareTo(sendTimeout) <= 0 ? forAcks
                : new FrameCodec(forAcks.maxFrameSize(), sendTimeout);
        this.ackTimeoutMillis = this.ackCodec.readTimeout().toMillis();
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

    /**
     * @return the time allowed for a whole send, from connecting to reading the ack
     */
    public Duration sendTimeout() {
        return this.sendTimeout;
    }

    /**
     * Delivers a message within the {@linkplain #sendTimeout() send timeout}.
     */
    @Override
    public void send(URI destination, byte[] message) {
        deliver(destination, message, this.sendTimeout);
    }

    /**
     * Delivers a message within the smaller of the timeout and the {@linkplain #sendTimeout() send timeout}.
     * @throws IllegalArgumentException if the timeout is not positive
     */
    @Override
    public void send(URI destination, byte[] message, Duration timeout) {
        deliver(destination, message, Timeouts.smaller(timeout, this.sendTimeout));
    }

    private void deliver(URI destination, byte[] message, Duration timeout) {
        Path path = socketPath(destination);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Response ack;
        try (AFUNIXSocket socket = AFUNIXSocket.newInstance()) {
            connect(socket, destination, path, timeout, deadline);
            writeFrame(socket, destination, message, timeout, start, deadline);
            ack = readAck(socket, destination, timeout, deadline);
        }
        catch (SendException ex) {
            throw ex;
        }
        catch (IOException | AcommException ex) {
            throw new SendException(destination, ex.getMessage(), ex);
        }
        if (ack.isError()) {
            throw new SendException(destination, "refused: " + ack.error());
        }
    }

    private void connect(AFUNIXSocket socket, URI destination, Path path, Duration timeout, long deadline)
            throws IOException {
        String tooLong = SocketPaths.lengthProblem(path);
        if (tooLong != null) {
            throw new SendException(destination, "cannot connect to " + path + ": " + tooLong);
        }
        try {
            AFUNIXSocketAddress address = address(path);
            // used and closed by this thread alone: closing ends the connection without junixsocket's extra shutdown()
            socket.setShutdownOnClose(false);
            socket.setSoTimeout(Timeouts.socketTimeout(timeout));
            while (true) {
                try {
                    socket.connect(address);
                    return;
                }
                catch (SocketTimeoutException backlogFull) {
                    int remaining = Timeouts.millisUntil(deadline);
                    if (remaining == 0) {
                        throw new SendException(destination, "timed out after " + timeout.toMillis()
                                + " ms connecting to " + path + " (its backlog is full)", backlogFull);
                    }
                    socket.setSoTimeout(remaining);
                }
            }
        }
        catch (SocketException ex) {
            if (!Files.exists(path)) {
                throw new SendException(destination, "no socket at " + path, ex);
            }
            throw new SendException(destination, "cannot connect to " + path + ": " + ex.getMessage(), ex);
        }
    }

    private void writeFrame(AFUNIXSocket socket, URI destination, byte[] message, Duration timeout, long start,
            long deadline) throws IOException {
        // the frame: a 4-byte length, then the message
        int frameLength = Integer.BYTES + message.length;
        try {
            this.codec.writeFrame(DeadlineOutputStream.forFrame(socket, frameLength, start, deadline), message);
        }
        catch (SocketTimeoutException ex) {
            throw new SendException(destination, "timed out after " + timeout.toMillis() + " ms writing the frame",
                    ex);
        }
    }

    /**
     * Reads the ack within the smaller of the codec's read timeout and what remains of the deadline. Socket timeouts
     * count whole milliseconds, so what remains is rounded up to one: a send that connected and wrote at once reads
     * with the codec it was built with.
     */
    private Response readAck(AFUNIXSocket socket, URI destination, Duration timeout, long deadline)
            throws IOException {
        int remaining = Timeouts.millisUntil(deadline);
        if (remaining == 0) {
            throw new SendException(destination, "timed out after " + timeout.toMillis() + " ms with no ack");
        }
        boolean codecTimeoutApplies = remaining >= this.ackTimeoutMillis;
        FrameCodec codec = codecTimeoutApplies ? this.ackCodec
                : new FrameCodec(this.ackCodec.maxFrameSize(), Duration.ofMillis(remaining));
        long readDeadline = System.nanoTime() + codec.readTimeout().toNanos();
        try {
            return this.json.decodeResponse(codec.readFrame(socket));
        }
        catch (FrameException ex) {
            if (System.nanoTime() - readDeadline > -TIMER_TICK_NANOS) {
                long limit = codecTimeoutApplies ? this.ackTimeoutMillis : timeout.toMillis();
                throw new SendException(destination, "timed out after " + limit + " ms with no ack", ex);
            }
            throw new SendException(destination, "no valid ack: " + ex.getMessage(), ex);
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
}
