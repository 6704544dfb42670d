package io.acomm;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Reads and writes acomm frames: a 4-byte big-endian unsigned length, then exactly that many bytes of UTF-8 JSON.
 * <p>
 * The declared length is checked against {@link #maxFrameSize()} before any buffer is allocated. A frame read from a
 * socket must be complete within {@link #readTimeout()}, however many reads it takes. Instances are immutable and
 * thread-safe.
 */
public final class FrameCodec {

    /** The default maximum frame size: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;

    /** The default time allowed to read one frame: 10 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    /** The size of a frame's header: its payload's length, 4 bytes big-endian. */
    public static final int HEADER_SIZE = 4;

    /** How much a read from a socket asks for at first: header and payload of a typical message in one call. */
    private static final int FIRST_READ_SIZE = 1024;

    private static final FrameCodec DEFAULTS = new FrameCodec(DEFAULT_MAX_FRAME_SIZE, DEFAULT_READ_TIMEOUT);

    private final int maxFrameSize;
    private final Duration readTimeout;
    private final long readTimeoutNanos;

    /**
     * @param maxFrameSize the largest payload accepted, in bytes (at least 1)
     * @param readTimeout the time allowed to read one whole frame from a socket (positive)
     */
    public FrameCodec(int maxFrameSize, Duration readTimeout) {
        if (maxFrameSize < 1) {
            throw new IllegalArgumentException("maximum frame size must be positive: " + maxFrameSize);
        }
        if (readTimeout == null || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("read timeout must be positive: " + readTimeout);
        }
        this.maxFrameSize = maxFrameSize;
        this.readTimeout = readTimeout;
        this.readTimeoutNanos = readTimeout.toNanos();
    }

    /**
     * @return the codec with the default maximum size and read timeout
     */
    public static FrameCodec defaults() {
        return DEFAULTS;
    }

    /**
     * The maximum frame size guards the messages a peer sends; it must never keep an ack from being written or
     * read, however small it is configured.
     * @return a codec for acks: the same read timeout and a maximum of at least the default
     */
    public FrameCodec forAcks() {
        return this.maxFrameSize >= DEFAULT_MAX_FRAME_SIZE ? this
                : new FrameCodec(DEFAULT_MAX_FRAME_SIZE, this.readTimeout);
    }

    /**
     * @return the largest payload accepted, in bytes
     */
    public int maxFrameSize() {
        return this.maxFrameSize;
    }

    /**
     * @return the time allowed to read one whole frame
     */
    public Duration readTimeout() {
        return this.readTimeout;
    }

    /**
     * Writes one frame: header and payload in a single write.
     * @param out where to write
     * @param payload the JSON bytes (not empty, at most {@link #maxFrameSize()})
     * @throws IOException if writing fails
     */
    public void writeFrame(OutputStream out, byte[] payload) throws IOException {
        if (payload.length == 0 || payload.length > this.maxFrameSize) {
            throw new FrameException("cannot write a frame of " + payload.length + " bytes (allowed: 1 to "
                    + this.maxFrameSize + ")");
        }
        byte[] frame = frame(payload);
        out.write(frame);
        out.flush();
    }

    /**
     * @param payload the JSON bytes
     * @return the whole frame: the header, then the payload
     */
    public byte[] frame(byte[] payload) {
        byte[] frame = new byte[HEADER_SIZE + payload.length];
        int length = payload.length;
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        System.arraycopy(payload, 0, frame, HEADER_SIZE, length);
        return frame;
    }

    /**
     * Reads one frame from a socket, within the read timeout. A connection carries one frame each way, so the first
     * read asks for more than the header: a small frame then costs one system call, and bytes after the frame, which
     * a well-behaved peer never sends, are not looked at.
     * @param socket the connected socket
     * @return the payload
     * @throws FrameException if the frame is invalid, ends early or does not arrive in time
     * @throws IOException if reading fails otherwise
     */
    public byte[] readFrame(Socket socket) throws IOException {
        TimedInput in = new TimedInput(socket, this.readTimeoutNanos);
        byte[] first = new byte[firstReadSize()];
        int read = readAtLeast(in, first, 0, HEADER_SIZE, "header");
        byte[] payload = new byte[checkedLength(first)];
        int carried = Math.min(read - HEADER_SIZE, payload.length);
        System.arraycopy(first, HEADER_SIZE, payload, 0, carried);
        readAtLeast(in, payload, carried, payload.length, "payload");
        return payload;
    }

    /**
     * Reads one frame from a stream, without a timeout of its own.
     * @param in the stream
     * @return the payload
     * @throws FrameException if the frame is invalid or ends early
     * @throws IOException if reading fails otherwise
     */
    public byte[] readFrame(InputStream in) throws IOException {
        return readFrame(new TimedInput(in));
    }

    private byte[] readFrame(TimedInput in) throws IOException {
        byte[] header = new byte[HEADER_SIZE];
        readAtLeast(in, header, 0, HEADER_SIZE, "header");
        byte[] payload = new byte[checkedLength(header)];
        readAtLeast(in, payload, 0, payload.length, "payload");
        return payload;
    }

    /**
     * @param header the four header bytes
     * @return the payload length the header declares
     * @throws FrameException if it is zero or over the maximum frame size
     */
    public int checkedLength(byte[] header) throws FrameException {
        long length = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8)
                | (header[3] & 0xFF);
        if (length == 0) {
            throw new FrameException("empty frame (declared length 0)");
        }
        if (length > this.maxFrameSize) {
            throw new FrameException("frame of " + length + " bytes exceeds the maximum of " + this.maxFrameSize);
        }
        return (int) length;
    }

    /**
     * Reads into the buffer, from the offset, until at least the minimum number of bytes is there.
     * @return how many bytes the buffer now holds
     */
    private int readAtLeast(TimedInput in, byte[] buffer, int offset, int minimum, String part) throws IOException {
        while (offset < minimum) {
            int read;
            try {
                read = in.read(buffer, offset, buffer.length - offset);
            }
            catch (SocketTimeoutException ex) {
                throw FrameException.timedOut(this.readTimeout, part);
            }
            catch (EOFException ex) {
                read = -1;
            }
            if (read < 0) {
                throw FrameException.closedEarly(offset, minimum, part);
            }
            offset += read;
        }
        return offset;
    }

    /**
     * @return how much the first read of a frame asks for: header and payload of a typical message in one call,
     *     never more than the largest frame
     */
    public int firstReadSize() {
        return (int) Math.min(FIRST_READ_SIZE, HEADER_SIZE + (long) this.maxFrameSize);
    }

    private static int timeoutMillis(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos)));
    }

    /**
     * A stream whose reads together must finish by a deadline. The socket's read timeout is set once; it is set
     * again, to what remains, only when the frame takes longer than a millisecond to arrive, so a frame that arrives
     * at once costs one system call for its timeout.
     */
    private static final class TimedInput {

        private static final long RESET_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

        private final Socket socket;
        private final InputStream in;
        private final long deadline;
        private long timeoutSetAt;

        TimedInput(Socket socket, long timeoutNanos) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.timeoutSetAt = System.nanoTime();
            this.deadline = this.timeoutSetAt + timeoutNanos;
            socket.setSoTimeout(timeoutMillis(timeoutNanos));
        }

        TimedInput(InputStream in) {
            this.socket = null;
            this.in = in;
            this.deadline = 0;
        }

        int read(byte[] buffer, int offset, int length) throws IOException {
            if (this.socket != null) {
                long now = System.nanoTime();
                if (now - this.deadline >= 0) {
                    throw new SocketTimeoutException();
                }
                if (now - this.timeoutSetAt > RESET_AFTER_NANOS) {
                    this.timeoutSetAt = now;
                    this.socket.setSoTimeout(timeoutMillis(this.deadline - now));
                }
            }
            return this.in.read(buffer, offset, length);
        }
    }
}
