package io.acomm;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;

import org.newsclub.net.unix.AFUNIXSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of the unix transport, as a {@link ConnectionHandler}: reads one frame, decodes it, lets a
 * {@link MessageHandler} accept or refuse it, writes the ack and closes the connection, and only then hands the
 * accepted work to an executor.
 * <p>
 * Bad input never gets further than the ack: a frame that cannot be read or decoded, or a refused message, is
 * answered with an error ack (when the connection still allows one) and logged at WARN in one line.
 * @param <T> the message type
 */
public final class FrameReceiver<T> implements ConnectionHandler {

    private static final Logger logger = LoggerFactory.getLogger(FrameReceiver.class);

    private final FrameCodec codec;
    private final FrameCodec ackCodec;
    private final AcommJson json;
    private final Function<byte[], T> decoder;
    private final MessageHandler<T> handler;
    private final Executor workExecutor;
    private final PeerFilter peerFilter;
    private final byte[] okAck;

    /**
     * @param codec reads the frame and writes the ack
     * @param json encodes the acks
     * @param decoder decodes a frame's payload, throwing {@link AcommException} for invalid input
     * @param handler accepts or refuses each decoded message
     * @param workExecutor runs the accepted work after the ack
     */
    public FrameReceiver(FrameCodec codec, AcommJson json, Function<byte[], T> decoder, MessageHandler<T> handler,
            Executor workExecutor) {
        this(codec, json, decoder, handler, workExecutor, null);
    }

    private FrameReceiver(FrameCodec codec, AcommJson json, Function<byte[], T> decoder, MessageHandler<T> handler,
            Executor workExecutor, PeerFilter peerFilter) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.ackCodec = codec.forAcks();
        this.json = Objects.requireNonNull(json, "json");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.workExecutor = Objects.requireNonNull(workExecutor, "workExecutor");
        this.peerFilter = peerFilter;
        this.okAck = json.encode(Response.ack());
    }

    /**
     * @param peerFilter decides which peers may send messages; others get the error ack {@code peer not allowed}
     *     and their message is not looked at
     * @return a receiver like this one that checks each peer's credentials first
     */
    public FrameReceiver<T> allowing(PeerFilter peerFilter) {
        return new FrameReceiver<>(this.codec, this.json, this.decoder, this.handler, this.workExecutor,
                Objects.requireNonNull(peerFilter, "peerFilter"));
    }

    /**
     * @return a receiver of requests, decoded with the given JSON
     */
    public static FrameReceiver<Request> forRequests(FrameCodec codec, AcommJson json, MessageHandler<Request> handler,
            Executor workExecutor) {
        return new FrameReceiver<>(codec, json, json::decodeRequest, handler, workExecutor);
    }

    /**
     * @return a receiver of responses, decoded with the given JSON
     */
    public static FrameReceiver<Response> forResponses(FrameCodec codec, AcommJson json,
            MessageHandler<Response> handler, Executor workExecutor) {
        return new FrameReceiver<>(codec, json, json::decodeResponse, handler, workExecutor);
    }

    @Override
    public void handle(AFUNIXSocket socket) throws IOException {
        if (this.peerFilter != null) {
            String refusedPeer = this.peerFilter.refusal(socket);
            if (refusedPeer != null) {
                refusePeer(socket, refusedPeer);
                return;
            }
        }
        MessageHandler.Accepted work;
        try {
            T message = this.decoder.apply(this.codec.readFrame(socket));
            work = this.handler.receive(message);
        }
        catch (FrameException | AcommException ex) {
            logger.warn("acomm message refused on {}: {}", socket.getLocalSocketAddress(),
                    LogText.oneLine(Response.messageOf(ex)));
            writeErrorAck(socket, Response.messageOf(ex));
            return;
        }
        catch (RuntimeException ex) {
            logger.warn("acomm message handler failed on {}", socket.getLocalSocketAddress(), ex);
            writeErrorAck(socket, "internal error: " + Response.messageOf(ex));
            return;
        }
        try (socket) {
            this.ackCodec.writeFrame(socket.getOutputStream(), this.okAck);
        }
        catch (IOException ex) {
            logger.warn("acomm ack could not be written on {}, so the message is not handled (its sender sees a "
                    + "failure and may send it again): {}", socket.getLocalSocketAddress(), ex.getMessage());
            if (work != null) {
                work.ackFailed();
            }
            return;
        }
        if (work != null) {
            WorkerPools.execute(this.workExecutor, work::run);
        }
    }

    private void refusePeer(AFUNIXSocket socket, String peer) {
        logger.warn("acomm connection on {} from a peer that is not allowed ({}) refused",
                socket.getLocalSocketAddress(), peer);
        try {
            // read the frame, unlooked at, so that the peer is waiting for the ack when it comes
            this.codec.readFrame(socket);
        }
        catch (IOException ex) {
            logger.debug("frame of a refused peer unreadable: {}", ex.getMessage());
        }
        writeErrorAck(socket, "peer not allowed");
    }

    private void writeErrorAck(AFUNIXSocket socket, String reason) {
        try {
            this.ackCodec.writeFrame(socket.getOutputStream(), this.json.encode(Response.errorAck(reason)));
        }
        catch (IOException ex) {
            logger.debug("acomm error ack could not be written: {}", ex.getMessage());
        }
    }
}
