package io.acomm.sample.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

import io.acomm.AcommException;
import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * A peer that sends a message as Go's {@code acomm.Send} does: one connect, which a full listener queue refuses at
 * once instead of making it wait, then the frame, then the ack, read within the default frame timeout; no retry.
 */
final class OneShotPeer {

    private OneShotPeer() {
    }

    /**
     * Connects once without waiting: a unix socket is connected at once, or refused when the listener's queue is
     * full.
     * @return the connection, blocking from now on, or {@code null} if it was refused
     * @throws IOException if the connect fails otherwise, for example when nothing listens
     */
    static @Nullable AFUNIXSocketChannel connect(AFUNIXSocketAddress address) throws IOException {
        AFUNIXSocketChannel channel = AFUNIXSocketChannel.open();
        try {
            channel.configureBlocking(false);
            if (channel.connect(address)) {
                channel.configureBlocking(true);
                return channel;
            }
        }
        catch (IOException ex) {
            channel.close();
            throw ex;
        }
        channel.close();
        return null;
    }

    /**
     * Sends one frame and reads its ack.
     * @param payload the frame's payload, in parts that are sent one after the other
     * @return whether the message was accepted: connected, and acked without an error
     */
    static boolean send(AFUNIXSocketAddress address, byte[]... payload) {
        int length = Arrays.stream(payload).mapToInt(part -> part.length).sum();
        try (AFUNIXSocketChannel channel = connect(address)) {
            if (channel == null) {
                return false;
            }
            OutputStream out = channel.socket().getOutputStream();
            out.write(ByteBuffer.allocate(4).putInt(length).array());
            for (byte[] part : payload) {
                out.write(part);
            }
            byte[] ack = FrameCodec.defaults().readFrame(channel.socket());
            return !AcommJson.defaults().decodeResponse(ack).isError();
        }
        catch (IOException | AcommException ex) {
            return false;
        }
    }
}
