package io.acomm.internal.tracker;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.acomm.AcommException;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Sender;
import io.acomm.StreamSource;
import io.acomm.Streams;
import io.acomm.UnixStreams;
import io.acomm.internal.util.LogText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tracker's proxying: it turns a request from a peer into one for local services ({@link #proxyUnix}) or for an
 * external host ({@link #proxyExternal}), tracking the original, and forwards the response to the original hook
 * ({@link #forward}). Unix streams travel to HTTP peers through the HTTP stream endpoint, which serves only the
 * tracker's own streams: another process's stream is relayed through a new one. Each forward is logged at DEBUG,
 * a failed one at WARN.
 */
public final class RequestProxy {

    private static final Logger logger = LoggerFactory.getLogger(RequestProxy.class);

    private final URI trackerUrl;
    private final Supplier<@Nullable URI> httpStreamUrl;
    private final Supplier<@Nullable URI> externalProxyUrl;
    private final Sender sender;
    private final UnixStreams streams;
    private final Path streamDir;
    private final PendingRequests pending;

    /**
     * @param trackerUrl the tracker's response hook
     * @param httpStreamUrl resolves the HTTP stream endpoint's URL; it may answer {@code null}
     * @param externalProxyUrl resolves the URL external hosts send responses to; it may answer {@code null}
     * @param sender forwards responses
     * @param streams opens the relay streams
     * @param streamDir the directory of the relay streams
     * @param pending tracks the proxied requests
     */
    public RequestProxy(URI trackerUrl, Supplier<@Nullable URI> httpStreamUrl,
            Supplier<@Nullable URI> externalProxyUrl, Sender sender, UnixStreams streams, Path streamDir,
            PendingRequests pending) {
        this.trackerUrl = trackerUrl;
        this.httpStreamUrl = httpStreamUrl;
        this.externalProxyUrl = externalProxyUrl;
        this.sender = sender;
        this.streams = streams;
        this.streamDir = streamDir;
        this.pending = pending;
    }

    /**
     * Prepares a request for local services: a request whose hook is already {@code unix://} is returned as it is
     * and nothing is tracked. Otherwise the original is tracked as proxied and a copy (same id, task and args)
     * whose hook is the tracker is returned. A non-unix stream URL is piped through a new unix stream.
     * @param request the request, typically received over HTTP
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the request to hand to local services
     */
    public Request proxyUnix(Request request, @Nullable Duration timeout) {
        if (isUnix(request.responseHook())) {
            return request;
        }
        Request local = request.toBuilder().responseHook(this.trackerUrl).onSuccess(null).onError(null).build();
        this.pending.track(request, TrackedRequest.Origin.PROXY_UNIX, timeout, false);
        URI remoteStream = request.streamUrl();
        if (remoteStream != null && !isUnix(remoteStream)) {
            try {
                local = local.withStreamUrl(relay(remoteStream));
            }
            catch (RuntimeException ex) {
                this.pending.claim(request.id());
                throw ex;
            }
        }
        return local;
    }

    /**
     * Prepares a request for an external host: tracks the original as proxied and returns a copy whose hook is the
     * external proxy URL and whose unix stream URL, if any, is rewritten to the HTTP stream endpoint.
     * @param request the request
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the request to send to the external host
     * @throws AcommException if no external proxy URL is configured
     */
    public Request proxyExternal(Request request, @Nullable Duration timeout) {
        URI proxyUrl = externalProxyUrl();
        if (proxyUrl == null) {
            throw new AcommException("cannot proxy request " + request.id()
                    + " externally: no external proxy URL is configured");
        }
        Request external = request.toBuilder().responseHook(proxyUrl).onSuccess(null).onError(null)
                .build();
        if (isUnix(request.streamUrl())) {
            external = external.withStreamUrl(proxyStreamHttpUrl(request.streamUrl()));
        }
        this.pending.track(request, TrackedRequest.Origin.PROXY_EXTERNAL, timeout, false);
        return external;
    }

    /**
     * @return the URL of the HTTP stream endpoint, or {@code null} when there is none (yet)
     */
    public @Nullable URI httpStreamUrl() {
        return this.httpStreamUrl.get();
    }

    /**
     * @return the URL external hosts send responses to, or {@code null} when there is none (yet)
     */
    public @Nullable URI externalProxyUrl() {
        return this.externalProxyUrl.get();
    }

    /**
     * @param streamUrl a {@code unix://} stream URL
     * @return the URL of the HTTP stream endpoint that serves it: {@code <httpStreamUrl>?addr=<url-encoded url>}
     * @throws AcommException if no HTTP stream URL is configured
     */
    public URI proxyStreamHttpUrl(URI streamUrl) {
        URI streamEndpoint = httpStreamUrl();
        if (streamEndpoint == null) {
            throw new AcommException("cannot proxy stream " + streamUrl + ": no HTTP stream URL is configured");
        }
        String base = streamEndpoint.toString();
        String separator = streamEndpoint.getRawQuery() == null ? "?" : "&";
        return URI.create(base + separator + "addr=" + URLEncoder.encode(streamUrl.toString(), StandardCharsets.UTF_8));
    }

    /**
     * Forwards the response to a proxied request to the original hook; a unix stream of a request that came over
     * HTTP is offered through the HTTP stream endpoint. A failed forward is logged.
     * @param tracked the proxied request
     * @param response its response
     */
    void forward(TrackedRequest tracked, Response response) {
        Request original = tracked.request();
        Response outgoing = response;
        URI stream = response.streamUrl();
        if (tracked.origin() == TrackedRequest.Origin.PROXY_UNIX && isUnix(stream)
                && httpStreamUrl() != null) {
            URI served = this.streams.isOwnStream(stream) ? stream : relay(stream);
            outgoing = response.withStreamUrl(proxyStreamHttpUrl(served));
        }
        long start = System.nanoTime();
        try {
            this.sender.send(original.responseHook(), outgoing);
            if (logger.isDebugEnabled()) {
                logger.debug("acomm response to proxied request {} (task '{}') forwarded to {} in {} ms",
                        LogText.oneLine(original.id()), LogText.oneLine(original.task()), original.responseHook(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        }
        catch (RuntimeException ex) {
            logger.warn("acomm response for request {} (task '{}') could not be forwarded: {}", original.id(),
                    original.task(), ex.getMessage());
        }
    }

    /**
     * Opens a unix stream whose bytes are read from another stream when its reader connects.
     */
    private URI relay(URI source) {
        return this.streams.newStreamUnix(this.streamDir, new StreamSource() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                Streams.stream(out, source);
            }

            @Override
            public void close() {
                // the relayed stream is opened, read and closed in writeTo
            }
        });
    }

    private static boolean isUnix(URI url) {
        return url != null && "unix".equalsIgnoreCase(url.getScheme());
    }
}
