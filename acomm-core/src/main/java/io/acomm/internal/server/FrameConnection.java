package io.acomm.internal.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * One accepted connection of a frame-reading {@link UnixListener}, as its {@link FrameHandler} sees it: a
 * non-blocking channel that takes the ack. An ack is small and the only thing ever written to the connection, so it
 * fits the socket's buffer: a write that cannot complete at once means the peer is gone or misbehaves, and fails
 * rather than waits.
 */
public final class FrameConnection {

    private final AFUNIXSocketChannel channel;
    private final Path socketPath;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private PartialFrame frame;

    /**
     * @param channel the accepted channel
     * @param socketPath the listener's socket path
     * @param onClose told once, when the connection is closed
     */
    FrameConnection(AFUNIXSocketChannel channel, Path socketPath, Runnable onClose) {
        this.channel = channel;
        this.socketPath = socketPath;
        this.onClose = onClose;
    }

    /**
     * @param frame the frame being read on this connection, whose budget {@link #decoded()} gives back
     */
    void reading(PartialFrame frame) {
        this.frame = frame;
    }

    /**
     * Gives the frame's bytes back to the listener's read budget: called once the payload has been decoded, so that
     * a long task run afterwards does not hold them.
     */
    void decoded() {
        if (this.frame != null) {
            this.frame.release();
        }
    }

    AFUNIXSocketChannel channel() {
        return this.channel;
    }

    /**
     * Writes bytes without waiting.
     * @param bytes a whole frame, header included
     * @throws IOException if the connection fails or does not take every byte at once
     */
    void write(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            if (this.channel.write(buffer) == 0) {
                throw new IOException("the peer does not read: " + buffer.remaining() + " of " + bytes.length
                        + " bytes unwritten");
            }
        }
    }

    /**
     * Closes the connection and gives its frame's bytes back; only the first call does anything.
     */
    void close() {
        if (!this.closed.compareAndSet(false, true)) {
            return;
        }
        try {
            this.channel.close();
        }
        catch (IOException ex) {
            // nothing left to do with a connection that fails to close
        }
        finally {
            decoded();
            this.onClose.run();
        }
    }

    @Override
    public String toString() {
        return this.socketPath.toString();
    }
}
