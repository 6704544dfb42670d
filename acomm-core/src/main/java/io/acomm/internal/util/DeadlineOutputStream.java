package io.acomm.internal.util;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Writes to a socket so that the writes together end by a deadline. A blocking write waits for room in the send
 * buffer at most as long as the socket's timeout (junixsocket sets SO_SNDTIMEO along with SO_RCVTIMEO), which is set
 * again, to what remains, before a write that starts more than a millisecond after it was last set.
 * <p>
 * Bytes go out in chunks of at most {@link #CHUNK_SIZE}, because the kernel queues such a chunk as one buffer: a
 * blocking write of it waits for room at most once, and times out with nothing written. A larger write waits once per
 * buffer, each time for the whole timeout, and junixsocket goes on writing after each partial write: 2 MB written at
 * once to a peer that never reads take twice the timeout, and to a peer that reads slowly, without limit.
 */
public final class DeadlineOutputStream extends OutputStream {

    /**
     * The most bytes written at once: what Linux queues on a unix stream socket as one buffer (32 KiB of pages
     * besides the buffer's head, as long as the send buffer holds 64 KiB; it holds 208 KiB by default).
     */
    static final int CHUNK_SIZE = 32 * 1024;

    private static final long RESET_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The deadline of a stream whose writes are limited by the socket's timeout each, not by a deadline. */
    private static final long NO_DEADLINE = Long.MIN_VALUE;

    private final Socket socket;
    private final OutputStream out;
    private final long deadline;
    private long timeoutSetAt;

    private DeadlineOutputStream(Socket socket, long timeoutSetAt, long deadline) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.timeoutSetAt = timeoutSetAt;
        this.deadline = deadline;
    }

    /**
     * The stream to write a frame to. The socket's own stream does when the frame goes out in one chunk and the
     * socket's timeout was set within the last millisecond: the common case, which then costs nothing more.
     * @param socket a socket whose timeout ends no later than the deadline
     * @param frameLength the bytes about to be written
     * @param timeoutSetAt when the socket's timeout was set, in {@link System#nanoTime()}
     * @param deadline when the writes must end, in {@link System#nanoTime()}
     * @return a stream whose writes end by the deadline, or fail with a {@link SocketTimeoutException}
     * @throws IOException if the socket's stream cannot be had
     */
    public static OutputStream forFrame(Socket socket, int frameLength, long timeoutSetAt, long deadline)
            throws IOException {
        if (frameLength <= CHUNK_SIZE && System.nanoTime() - timeoutSetAt <= RESET_AFTER_NANOS) {
            return socket.getOutputStream();
        }
        return new DeadlineOutputStream(socket, timeoutSetAt, deadline);
    }

    /**
     * A stream for data of any length, such as a stream socket's bytes, whose writes each wait for room at most the
     * socket's timeout: a reader that stops reading fails the write within that time, while one that reads on,
     * however much there is to write, is never cut off.
     * @param socket a socket whose timeout bounds each wait for room
     * @return the stream
     * @throws IOException if the socket's stream cannot be had
     */
    public static OutputStream idleLimited(Socket socket) throws IOException {
        return new DeadlineOutputStream(socket, 0, NO_DEADLINE);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] { (byte) b }, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int end = offset + length;
        int position = offset;
        while (position < end) {
            int chunk = Math.min(CHUNK_SIZE, end - position);
            keepTimeoutWithinDeadline();
            this.out.write(bytes, position, chunk);
            position += chunk;
        }
    }

    @Override
    public void flush() throws IOException {
        this.out.flush();
    }

    private void keepTimeoutWithinDeadline() throws IOException {
        if (this.deadline == NO_DEADLINE) {
            return;
        }
        long now = System.nanoTime();
        if (now - this.timeoutSetAt > RESET_AFTER_NANOS) {
            int remaining = Timeouts.millisUntil(this.deadline);
            if (remaining == 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            this.socket.setSoTimeout(remaining);
            this.timeoutSetAt = now;
        }
    }
}
