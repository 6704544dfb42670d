package io.acomm.spring.boot;

import java.net.URI;

import io.acomm.AcommJson;
import io.acomm.Streams;
import io.acomm.Tracker;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The HTTP side of the tracker in a WebFlux application: the same responses intake and stream endpoint as
 * {@link AcommHttpController} serves with Spring MVC, with the same answers, which {@link AcommHttpEndpoints}
 * decides. The body is read without blocking, up to one byte over {@code acomm.http.max-body-size}; the tracker
 * calls and the reading of a stream, which may block, run on {@link Schedulers#boundedElastic()}, never on an event
 * loop.
 */
public class AcommWebFluxHandler {

    private static final int STREAM_BUFFER_SIZE = 8192;

    private final AcommHttpEndpoints endpoints;

    /**
     * @param tracker the tracker whose responses and streams are served
     * @param json decodes responses and encodes acks
     * @param maxBodySize the largest response body accepted, in bytes; larger ones get 413
     */
    public AcommWebFluxHandler(Tracker tracker, AcommJson json, long maxBodySize) {
        this.endpoints = new AcommHttpEndpoints(tracker, json, maxBodySize);
    }

    /**
     * @param basePath the path the endpoints are served under, {@code acomm.http.base-path}
     * @return the routes of {@code POST <basePath>/responses} and {@code GET <basePath>/stream}
     */
    public RouterFunction<ServerResponse> routes(String basePath) {
        return RouterFunctions.route()
                .POST(basePath + "/responses", this::responses)
                .GET(basePath + "/stream", this::stream)
                .build();
    }

    /**
     * Takes a response for a request tracked through {@code proxyExternal} and acks it.
     * @param request the HTTP request, whose body is the response JSON
     * @return the ack: 200, 400 for an undecodable body, 404 for an id that is not tracked that way, 413 for a body
     *     over {@code acomm.http.max-body-size} (refused before any of it is read when its declared length is)
     */
    public Mono<ServerResponse> responses(ServerRequest request) {
        AcommHttpEndpoints.Answer refused = this.endpoints.declaredLength(
                request.headers().asHttpHeaders().getContentLength());
        if (refused != null) {
            return answer(refused);
        }
        Flux<DataBuffer> body = request.exchange().getRequest().getBody();
        return DataBufferUtils.join(body, this.endpoints.maxBodySize())
                .map(AcommWebFluxHandler::bytesOf)
                .defaultIfEmpty(new byte[0])
                .publishOn(Schedulers.boundedElastic())
                .map(this.endpoints::response)
                .onErrorResume(DataBufferLimitException.class, ex -> Mono.fromSupplier(this.endpoints::bodyTooLarge))
                .flatMap(AcommWebFluxHandler::answer);
    }

    private static byte[] bytesOf(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        }
        finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static Mono<ServerResponse> answer(AcommHttpEndpoints.Answer answer) {
        return ServerResponse.status(answer.status()).contentType(MediaType.APPLICATION_JSON)
                .contentLength(answer.ack().length).bodyValue(answer.ack());
    }

    /**
     * Streams the bytes of a pending unix stream this tracker created.
     * @param request the HTTP request, whose {@code addr} parameter is the {@code unix://} URL of the stream
     * @return the stream's bytes; 400 for a missing or malformed addr, 404 for a stream this tracker did not create
     *     (or that was read already)
     */
    public Mono<ServerResponse> stream(ServerRequest request) {
        String addr = request.queryParam("addr").orElse(null);
        return Mono.fromCallable(() -> this.endpoints.stream(addr))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(target -> {
                    URI streamUrl = target.url();
                    if (streamUrl == null) {
                        return ServerResponse.status(target.status()).contentType(MediaType.TEXT_PLAIN)
                                .bodyValue(target.error());
                    }
                    Flux<DataBuffer> bytes = DataBufferUtils.readInputStream(() -> Streams.open(streamUrl),
                            DefaultDataBufferFactory.sharedInstance, STREAM_BUFFER_SIZE)
                            .subscribeOn(Schedulers.boundedElastic());
                    return ServerResponse.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                            .body(BodyInserters.fromDataBuffers(bytes));
                });
    }
}
