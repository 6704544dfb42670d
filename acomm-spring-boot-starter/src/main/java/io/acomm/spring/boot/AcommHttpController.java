package io.acomm.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;

import io.acomm.AcommJson;
import io.acomm.Streams;
import io.acomm.Tracker;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP side of the tracker in a Spring MVC application, under {@code acomm.http.base-path}: the intake for
 * responses coming back from external hosts ({@code POST …/responses}) and the stream endpoint that serves the
 * tracker's own unix streams to remote readers ({@code GET …/stream?addr=…}). Unlike Go's handler, the stream
 * endpoint is no open proxy: it only serves streams this tracker created. {@link AcommHttpEndpoints} decides the
 * answers, as it does for WebFlux.
 */
@RestController
@RequestMapping("${acomm.http.base-path:/acomm}")
public class AcommHttpController {

    private final AcommHttpEndpoints endpoints;

    /**
     * @param tracker the tracker whose responses and streams are served
     * @param json decodes responses and encodes acks
     * @param maxBodySize the largest response body accepted, in bytes; larger ones get 413
     */
    public AcommHttpController(Tracker tracker, AcommJson json, long maxBodySize) {
        this.endpoints = new AcommHttpEndpoints(tracker, json, maxBodySize);
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
        AcommHttpEndpoints.Answer answer = this.endpoints.declaredLength(request.getContentLengthLong());
        if (answer == null) {
            byte[] body;
            try (InputStream in = request.getInputStream()) {
                body = in.readNBytes(this.endpoints.maxBodySize() + 1);
            }
            answer = this.endpoints.response(body);
        }
        servletResponse.setStatus(answer.status().value());
        servletResponse.setContentType(MediaType.APPLICATION_JSON_VALUE);
        servletResponse.setContentLength(answer.ack().length);
        servletResponse.getOutputStream().write(answer.ack());
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
        AcommHttpEndpoints.StreamTarget target = this.endpoints.stream(addr);
        URI streamUrl = target.url();
        if (streamUrl == null) {
            response.sendError(target.status().value(), target.error());
            return;
        }
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        try (OutputStream out = response.getOutputStream()) {
            Streams.stream(out, streamUrl);
        }
    }
}
