package io.acomm.internal.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

import io.acomm.FrameCodec;
import io.acomm.FrameException;

/**
 * A frame being read from a non-blocking channel: each {@link #readFrom} takes what the channel has and says
 * whether the frame is complete. The first read asks for more than the header, so a typical frame arrives in one
 * system call; the payload buffer is allocated only once the declared length has been checked against the maximum
 * and taken from the listener's {@link ReadBudget}. Used by one thread at a time.
 */
public final class PartialFrame {

    /** What a read achieved. */
    enum Progress {
        /** The whole payload is there. */
        COMPLETE,
        /** More bytes must arrive first. */
        NEEDS_BYTES,
        /** The payload's length is known but the budget has no room for it yet. */
        NEEDS_BUDGET
    }

    private final FrameCodec codec;
    private final ReadBudget budget;
    private final long deadline;
    private final ByteBuffer head;
    private final boolean discarding;
    private byte[] payload;
    private int filled;
    private int length = -1;

    /**
     * @param codec the maximum size and the read timeout
     * @param budget where the payload's bytes come from
     * @param acceptedAt when the connection was accepted ({@link System#nanoTime()}): the frame is due a read
     *     timeout later
     */
    PartialFrame(FrameCodec codec, ReadBudget budget, long acceptedAt) {
        this(codec, budget, acceptedAt, false);
    }

    private PartialFrame(FrameCodec codec, ReadBudget budget, long acceptedAt, boolean discarding) {
        this.codec = codec;
        this.budget = budget;
        this.deadline = acceptedAt + codec.readTimeout().toNanos();
        this.head = ByteBuffer.allocate(codec.firstReadSize());
        this.discarding = discarding;
    }

    /**
     * A frame that is thrown away unlooked at as it arrives, and is complete when the peer closes: what a refused
     * peer sends after its refusal was written, so that it can still read the refusal rather than fail writing.
     * @param codec the read timeout, which bounds how long the connection is kept
     * @param acceptedAt when the connection was accepted
     * @return the frame
     */
    static PartialFrame discarding(FrameCodec codec, long acceptedAt) {
        return new PartialFrame(codec, null, acceptedAt, true);
    }

    boolean isDiscarding() {
        return this.discarding;
    }

    long deadline() {
        return this.deadline;
    }

    /**
     * Reads what the channel has, without waiting.
     * @param channel a non-blocking channel
     * @return how far the frame got
     * @throws FrameException if the frame is invalid or the peer closed before sending it all
     * @throws IOException if reading fails
     */
    Progress readFrom(ReadableByteChannel channel) throws IOException {
        if (this.discarding) {
            return discardFrom(channel);
        }
        if (this.length < 0) {
            if (readHead(channel) < 0) {
                throw FrameException.closedEarly(this.head.position(), FrameCodec.HEADER_SIZE, "header");
            }
            if (this.head.position() < FrameCodec.HEADER_SIZE) {
                return Progress.NEEDS_BYTES;
            }
            this.length = this.codec.checkedLength(this.head.array());
        }
        if (this.payload == null) {
            if (!this.budget.tryAcquire(this.length)) {
                return Progress.NEEDS_BUDGET;
            }
            this.payload = new byte[this.length];
            this.filled = Math.min(this.head.position() - FrameCodec.HEADER_SIZE, this.length);
            System.arraycopy(this.head.array(), FrameCodec.HEADER_SIZE, this.payload, 0, this.filled);
        }
        while (this.filled < this.length) {
            int read = channel.read(ByteBuffer.wrap(this.payload, this.filled, this.length - this.filled));
            if (read < 0) {
                throw FrameException.closedEarly(this.filled, this.length, "payload");
            }
            if (read == 0) {
                return Progress.NEEDS_BYTES;
            }
            this.filled += read;
        }
        return Progress.COMPLETE;
    }

    /**
     * Makes the first read of a frame from a socket that is still blocking, waiting for the first bytes no longer
     * than the socket's read timeout: the frame of a connection just accepted is usually a few microseconds behind
     * the connection itself. Only this one read may wait; the caller makes the channel non-blocking before it reads
     * on. (It reads through the socket's stream, which reports a timeout as such; junixsocket's blocking channel
     * reports it as the end of the stream.)
     * @param in the input stream of a blocking socket with a short read timeout
     * @param channel the socket's channel, for the rest of a frame that is already complete
     * @return how far the frame got ({@link Progress#NEEDS_BYTES} when nothing came in time)
     * @throws FrameException if the frame is invalid or the peer closed before sending it all
     * @throws IOException if reading fails
     */
    Progress readFirst(InputStream in, ReadableByteChannel channel) throws IOException {
        int read;
        try {
            read = in.read(this.head.array(), this.head.position(), this.head.remaining());
        }
        catch (SocketTimeoutException ex) {
            return Progress.NEEDS_BYTES;
        }
        if (read < 0) {
            throw FrameException.closedEarly(this.head.position(), FrameCodec.HEADER_SIZE, "header");
        }
        this.head.position(this.head.position() + read);
        if (this.head.position() < FrameCodec.HEADER_SIZE) {
            return Progress.NEEDS_BYTES;
        }
        this.length = this.codec.checkedLength(this.head.array());
        if (this.head.position() - FrameCodec.HEADER_SIZE < this.length) {
            // the rest is read without waiting, once the channel is non-blocking
            return Progress.NEEDS_BYTES;
        }
        return readFrom(channel);
    }

    /**
     * @return whether no byte of the frame has arrived yet
     */
    boolean isEmpty() {
        return this.head.position() == 0;
    }

    private Progress discardFrom(ReadableByteChannel channel) throws IOException {
        while (true) {
            this.head.clear();
            int read = channel.read(this.head);
            if (read < 0) {
                return Progress.COMPLETE;
            }
            if (read == 0) {
                return Progress.NEEDS_BYTES;
            }
        }
    }

    private int readHead(ReadableByteChannel channel) throws IOException {
        int read = 0;
        while (this.head.position() < FrameCodec.HEADER_SIZE && read >= 0) {
            read = channel.read(this.head);
            if (read == 0) {
                break;
            }
        }
        return read;
    }

    /**
     * @return the payload of a complete frame
     */
    byte[] payload() {
        return this.payload;
    }

    /**
     * @return the timeout failure of this frame, naming the part that was missing
     */
    FrameException timedOut() {
        String part = this.payload == null && this.length < 0 ? "header" : "payload";
        return FrameException.timedOut(this.codec.readTimeout(), part);
    }

    /**
     * Gives the payload's bytes back to the budget; once a frame is decoded (or given up).
     */
    synchronized void release() {
        if (this.payload != null) {
            this.payload = null;
            this.budget.release(this.length);
        }
    }
}
