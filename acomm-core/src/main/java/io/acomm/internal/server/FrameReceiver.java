package io.acomm.internal.server;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;

import io.acomm.AcommException;
import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import io.acomm.FrameException;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.internal.util.LogText;
import io.acomm.internal.util.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of the unix transport, as the {@link FrameHandler} of a {@link UnixListener}: decodes each
 * frame, lets a {@link MessageHandler} accept or refuse it, writes the ack and closes the connection, and only then
 * runs the accepted work, on the same listener thread: the handler decides whether that work hands anything on to
 * another thread. A message whose ack cannot be written is not handled: its sender saw a failure and may send it
 * again.
 * <p>
 * Bad input never gets further than the ack: a frame that cannot be read or decoded, a refused message or a refused
 * peer is answered with an error ack (when the connection still allows one) and logged at WARN, a few lines a
 * minute at most however many there are; a {@link RoutineRefusalException} is answered alike but logged at DEBUG.
 * @param <T> the message type
 */
public final class FrameReceiver<T> implements FrameHandler {

    private static final Logger logger = LoggerFactory.getLogger(FrameReceiver.class);

    private final FrameCodec codec;
    private final FrameCodec ackCodec;
    private final AcommJson json;
    private final Function<byte[], T> decoder;
    private final MessageHandler<T> handler;
    private final byte[] okAck;
    private final RateLimitedLog refusals = new RateLimitedLog(logger, "refused messages");
    private final RateLimitedLog ackFailures = new RateLimitedLog(logger, "messages whose ack failed");

    /**
     * @param codec the maximum size of the frames and the time allowed to read one; frames the acks
     * @param json encodes the acks
     * @param decoder decodes a frame's payload, throwing {@link AcommException} for invalid input
     * @param handler accepts or refuses each decoded message
     */
    public FrameReceiver(FrameCodec codec, AcommJson json, Function<byte[], T> decoder, MessageHandler<T> handler) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.ackCodec = codec.forAcks();
        this.json = Objects.requireNonNull(json, "json");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.okAck = this.ackCodec.frame(json.encode(Response.ack()));
    }

    /**
     * @return a receiver of requests, decoded with the given JSON
     */
    public static FrameReceiver<Request> forRequests(FrameCodec codec, AcommJson json,
            MessageHandler<Request> handler) {
        return new FrameReceiver<>(codec, json, json::decodeRequest, handler);
    }

    /**
     * @return a receiver of responses, decoded with the given JSON
     */
    public static FrameReceiver<Response> forResponses(FrameCodec codec, AcommJson json,
            MessageHandler<Response> handler) {
        return new FrameReceiver<>(codec, json, json::decodeResponse, handler);
    }

    @Override
    public FrameCodec codec() {
        return this.codec;
    }

    @Override
    public void frameReceived(FrameConnection connection, byte[] payload) {
        MessageHandler.Accepted work;
        try {
            T message = this.decoder.apply(payload);
            connection.decoded();
            work = this.handler.receive(message);
        }
        catch (RoutineRefusalException ex) {
            logger.debug("acomm message refused on {}: {}", connection, LogText.oneLine(Response.messageOf(ex)));
            writeErrorAck(connection, Response.messageOf(ex));
            return;
        }
        catch (AcommException ex) {
            refuse(connection, Response.messageOf(ex));
            return;
        }
        catch (RuntimeException ex) {
            this.refusals.warn("acomm message handler failed on {}: {}", connection, ex.toString());
            logger.debug("acomm message handler failure on {}", connection, ex);
            writeErrorAck(connection, "internal error: " + Response.messageOf(ex));
            return;
        }
        try {
            connection.write(this.okAck);
        }
        catch (IOException ex) {
            this.ackFailures.warn("acomm ack could not be written on {}, so the message is not handled (its sender "
                    + "sees a failure and may send it again): {}", connection, ex.getMessage());
            if (work != null) {
                work.ackFailed();
            }
            return;
        }
        finally {
            connection.close();
        }
        if (work != null) {
            work.run();
        }
    }

    @Override
    public void frameFailed(FrameConnection connection, FrameException failure) {
        refuse(connection, failure.getMessage());
    }

    @Override
    public void peerRefused(FrameConnection connection, String peer) {
        this.refusals.warn("acomm connection on {} from a peer that is not allowed ({}) refused", connection, peer);
        writeErrorAck(connection, "peer not allowed");
    }

    private void refuse(FrameConnection connection, String reason) {
        this.refusals.warn("acomm message refused on {}: {}", connection, LogText.oneLine(reason));
        writeErrorAck(connection, reason);
    }

    private void writeErrorAck(FrameConnection connection, String reason) {
        try {
            connection.write(this.ackCodec.frame(this.json.encode(Response.errorAck(reason))));
        }
        catch (IOException ex) {
            logger.debug("acomm error ack could not be written on {}: {}", connection, ex.getMessage());
        }
    }
}
