package io.acomm.spring.boot;

import java.net.URI;
import java.net.URISyntaxException;

import io.acomm.AcommException;
import io.acomm.AcommJson;
import io.acomm.MessageRefusedException;
import io.acomm.Response;
import io.acomm.Tracker;
import io.acomm.internal.util.LogText;
import io.acomm.internal.util.RateLimitedLog;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;

/**
 * What the tracker's HTTP endpoints answer, whichever web stack serves them ({@link AcommHttpController} for Spring
 * MVC, {@link AcommWebFluxHandler} for WebFlux): the web stack reads the body and writes the answer, this class
 * decides it. The responses intake takes a response for a request tracked through {@code proxyExternal} and answers
 * 200 with an ack, 400 for an undecodable body, 404 for an id not tracked that way and 413 for a body over
 * {@code acomm.http.max-body-size}, each refusal with an error ack and logged at WARN on one line (rate-limited,
 * since any client can cause them). The stream
 * endpoint serves only the unix streams this tracker created.
 * <p>
 * {@link #response(byte[])} and {@link #stream(String)} call the tracker, which may block: a reactive caller calls
 * them off its event loop.
 */
final class AcommHttpEndpoints {

    private static final Logger logger = LoggerFactory.getLogger(AcommHttpEndpoints.class);

    /** Refusals are logged rate-limited: any HTTP client can cause them. */
    private final RateLimitedLog refusals = new RateLimitedLog(logger, "refused HTTP responses");

    private final Tracker tracker;
    private final AcommJson json;
    private final long maxBodySize;
    private final Answer ok;

    /**
     * @param tracker the tracker whose responses and streams are served
     * @param json decodes responses and encodes acks
     * @param maxBodySize the largest response body accepted, in bytes (less than {@link Integer#MAX_VALUE})
     */
    AcommHttpEndpoints(Tracker tracker, AcommJson json, long maxBodySize) {
        this.tracker = tracker;
        this.json = json;
        this.maxBodySize = maxBodySize;
        this.ok = new Answer(HttpStatus.OK, json.encode(Response.ack()));
    }

    /**
     * @return the largest response body accepted, in bytes
     */
    int maxBodySize() {
        return (int) this.maxBodySize;
    }

    /**
     * Refuses a body whose declared length is over the limit before any of it is read.
     * @param declared the body's {@code Content-Length}, negative when it has none
     * @return the 413 refusal, or {@code null} when the body may be read
     */
    @Nullable Answer declaredLength(long declared) {
        if (declared > this.maxBodySize) {
            return refuse(HttpStatus.CONTENT_TOO_LARGE, "body of " + declared + " bytes exceeds the maximum of "
                    + this.maxBodySize);
        }
        return null;
    }

    /**
     * @return the 413 refusal of a body found over the limit while it was read
     */
    Answer bodyTooLarge() {
        return refuse(HttpStatus.CONTENT_TOO_LARGE, "body exceeds the maximum of " + this.maxBodySize + " bytes");
    }

    /**
     * Takes a response posted to the intake.
     * @param body the body as read, at most one byte over the limit
     * @return the answer: the ack, or a refusal with an error ack
     */
    Answer response(byte[] body) {
        if (body.length > this.maxBodySize) {
            return bodyTooLarge();
        }
        if (body.length == 0) {
            return refuse(HttpStatus.BAD_REQUEST, "invalid response: empty body");
        }
        Response response;
        try {
            response = this.json.decodeResponse(body);
        }
        catch (AcommException ex) {
            return refuse(HttpStatus.BAD_REQUEST, ex.getMessage());
        }
        try {
            this.tracker.acceptExternalResponse(response);
        }
        catch (MessageRefusedException ex) {
            return refuse(HttpStatus.NOT_FOUND, ex.getMessage());
        }
        return this.ok;
    }

    private Answer refuse(HttpStatus status, String error) {
        this.refusals.warn("acomm response refused on the HTTP intake: {}", LogText.oneLine(error));
        return new Answer(status, this.json.encode(Response.errorAck(error)));
    }

    /**
     * Decides whether the stream endpoint serves a stream.
     * @param addr the {@code addr} parameter, {@code null} when it is missing
     * @return the stream to serve, or why it is not served: 400 for a missing or malformed addr, 404 for a stream
     *     this tracker did not create (or that was read already)
     */
    StreamTarget stream(@Nullable String addr) {
        if (addr == null) {
            return StreamTarget.refused(HttpStatus.BAD_REQUEST, "missing stream addr");
        }
        URI streamUrl;
        try {
            streamUrl = new URI(addr);
        }
        catch (URISyntaxException ex) {
            return StreamTarget.refused(HttpStatus.BAD_REQUEST, "invalid stream addr: " + ex.getMessage());
        }
        if (!"unix".equals(streamUrl.getScheme()) || streamUrl.getPath() == null) {
            return StreamTarget.refused(HttpStatus.BAD_REQUEST, "invalid stream addr: not a unix URL: " + addr);
        }
        if (!this.tracker.isOwnStream(streamUrl)) {
            return StreamTarget.refused(HttpStatus.NOT_FOUND, "no such stream: " + addr);
        }
        return new StreamTarget(streamUrl, HttpStatus.OK, "");
    }

    /**
     * The answer of the responses intake.
     * @param status the HTTP status
     * @param ack the JSON ack to send as the body
     */
    record Answer(HttpStatus status, byte[] ack) {
    }

    /**
     * What the stream endpoint serves.
     * @param url the stream to serve, {@code null} when it is refused
     * @param status the HTTP status: 200 when the stream is served
     * @param error why it is refused, empty when it is served
     */
    record StreamTarget(@Nullable URI url, HttpStatus status, String error) {

        static StreamTarget refused(HttpStatus status, String error) {
            return new StreamTarget(null, status, error);
        }
    }
}
