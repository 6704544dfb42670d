package io.acomm.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;

import io.acomm.AcommException;
import io.acomm.AcommJson;
import io.acomm.MessageRefusedException;
import io.acomm.Response;
import io.acomm.Streams;
import io.acomm.Tracker;
import io.acomm.internal.util.LogText;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP side of the tracker, under {@code acomm.http.base-path}: the intake for responses coming back from
 * external hosts ({@code POST …/responses}) and the stream endpoint that serves the tracker's own unix streams to
 * remote readers ({@code GET …/stream?addr=…}). Unlike Go's handler, the stream endpoint is no open proxy: it only
 * serves streams this tracker created.
 */
@RestController
@RequestMapping("${acomm.http.base-path:/acomm}")
public class AcommHttpController {

    private static final Logger logger = LoggerFactory.getLogger(AcommHttpController.class);

    private final Tracker tracker;
    private final AcommJson json;
    private final long maxBodySize;
    private final byte[] okAck;

    /**
     * @param tracker the tracker whose responses and streams are served
     * @param json decodes responses and encodes acks
     * @param maxBodySize the largest response body accepted, in bytes; larger ones get 413
     */
    public AcommHttpController(Tracker tracker, AcommJson json, long maxBodySize) {
        this.tracker = tracker;
        this.json = json;
        this.maxBodySize = maxBodySize;
        this.okAck = json.encode(Response.ack());
    }

    /**
     * Takes a response for a request tracked through {@code proxyExternal} and acks it. The ack is written straight
     * to the servlet response, with no message converter or content negotiation on the way out: the intake is on the
     * path of every HTTP round trip, and the ack is a fixed JSON body.
     * @param request the HTTP request, whose body is the response JSON
     * @param servletResponse where the ack is written: 200, 400 for an undecodable body, 404 for an id that is not
     *     tracked that way, 413 for a body over {@code acomm.http.max-body-size}
     * @throws IOException if the body cannot be read or the ack cannot be written
     */
    @PostMapping(path = "/responses", produces = MediaType.APPLICATION_JSON_VALUE)
    public void responses(HttpServletRequest request, HttpServletResponse servletResponse) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > this.maxBodySize) {
            refuse(servletResponse, HttpStatus.CONTENT_TOO_LARGE, "body of " + declared
                    + " bytes exceeds the maximum of " + this.maxBodySize);
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) this.maxBodySize + 1);
        }
        if (body.length > this.maxBodySize) {
            refuse(servletResponse, HttpStatus.CONTENT_TOO_LARGE, "body exceeds the maximum of " + this.maxBodySize
                    + " bytes");
            return;
        }
        if (body.length == 0) {
            refuse(servletResponse, HttpStatus.BAD_REQUEST, "invalid response: empty body");
            return;
        }
        Response response;
        try {
            response = this.json.decodeResponse(body);
        }
        catch (AcommException ex) {
            refuse(servletResponse, HttpStatus.BAD_REQUEST, ex.getMessage());
            return;
        }
        try {
            this.tracker.acceptExternalResponse(response);
        }
        catch (MessageRefusedException ex) {
            refuse(servletResponse, HttpStatus.NOT_FOUND, ex.getMessage());
            return;
        }
        writeAck(servletResponse, HttpStatus.OK, this.okAck);
    }

    private void refuse(HttpServletResponse servletResponse, HttpStatus status, String error) throws IOException {
        logger.warn("acomm response refused on the HTTP intake: {}", LogText.oneLine(error));
        writeAck(servletResponse, status, this.json.encode(Response.errorAck(error)));
    }

    private static void writeAck(HttpServletResponse servletResponse, HttpStatus status, byte[] ack)
            throws IOException {
        servletResponse.setStatus(status.value());
        servletResponse.setContentType(MediaType.APPLICATION_JSON_VALUE);
        servletResponse.setContentLength(ack.length);
        servletResponse.getOutputStream().write(ack);
    }

    /**
     * Streams the bytes of a pending unix stream this tracker created.
     * @param addr the {@code unix://} URL of the stream
     * @param response the servlet response the bytes are written to; 400 for a malformed addr, 404 for a stream
     *     this tracker did not create (or that was read already)
     * @throws IOException if the stream breaks off
     */
    @GetMapping("/stream")
    public void stream(@RequestParam("addr") String addr, HttpServletResponse response) throws IOException {
        URI streamUrl;
        try {
            streamUrl = new URI(addr);
        }
        catch (URISyntaxException ex) {
            response.sendError(HttpStatus.BAD_REQUEST.value(), "invalid stream addr: " + ex.getMessage());
            return;
        }
        if (!"unix".equals(streamUrl.getScheme()) || streamUrl.getPath() == null) {
            response.sendError(HttpStatus.BAD_REQUEST.value(), "invalid stream addr: not a unix URL: " + addr);
            return;
        }
        if (!this.tracker.isOwnStream(streamUrl)) {
            response.sendError(HttpStatus.NOT_FOUND.value(), "no such stream: " + addr);
            return;
        }
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        try (OutputStream out = response.getOutputStream()) {
            Streams.stream(out, streamUrl);
        }
    }
}
