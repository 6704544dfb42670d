package io.acomm.internal.server;

import io.acomm.FrameCodec;
import io.acomm.FrameException;
import io.acomm.PeerFilter;

/**
 * What a {@link UnixListener} that reads frames does with them: the listener reads one frame per connection,
 * without tying a thread to a connection while bytes are missing, and hands over the complete frame, the reason it
 * could not be read, or the refusal of a peer before reading anything. The listener closes the connection
 * afterwards.
 */
public interface FrameHandler {

    /**
     * @return the codec whose maximum frame size and read timeout apply to the frames read for this handler
     */
    FrameCodec codec();

    /**
     * Handles a complete frame, typically decoding it and writing the ack.
     * @param connection the connection the frame came on
     * @param payload the frame's payload
     */
    void frameReceived(FrameConnection connection, byte[] payload);

    /**
     * Answers a frame that could not be read: invalid, truncated, too large or not complete in time.
     * @param connection the connection
     * @param failure why
     */
    void frameFailed(FrameConnection connection, FrameException failure);

    /**
     * Answers a peer the listener's {@link PeerFilter} refused; its frame is not read.
     * @param connection the connection
     * @param peer a description of the peer
     */
    void peerRefused(FrameConnection connection, String peer);
}
