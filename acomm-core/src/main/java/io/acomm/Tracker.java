package io.acomm;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.acomm.internal.tracker.ClientCalls;
import io.acomm.internal.tracker.PendingRequests;
import io.acomm.internal.tracker.RequestProxy;
import io.acomm.internal.tracker.ResponseDispatcher;
import io.acomm.internal.tracker.TrackedRequest;
import io.acomm.internal.tracker.TrackerObservations;
import io.acomm.internal.tracker.TrackerRuntime;
import io.acomm.internal.util.LogText;
import io.acomm.transport.UnixTransport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;

/**
 * The requesting side's bookkeeper: keeps the requests that still wait for a response, listens on its own Unix socket
 * for responses, and handles each response exactly once.
 * <p>
 * A response to a request made here runs that request's success or error callback (or the tracker's fallback
 * callback when the request has none for that outcome). A response to a proxied request is forwarded to the
 * request's original hook. A request that gets no response in time is answered by the tracker itself with the error
 * {@value #TIMEOUT_ERROR}, handled exactly like a real response; a late real response then finds nothing tracked and
 * is refused. That answer is marked as the tracker's own ({@link Response#isTimeout()}), so that the calls of
 * {@link AcommOperations} end with a {@link ResponseTimeoutException}. Timeouts live on one shared timing wheel, so a
 * million outstanding requests are cheap.
 * <p>
 * The path of a request and its response, part by part: {@link ClientCalls} encodes the request, tracks it in the
 * {@link PendingRequests} and sends it; the listener reads the response, and the {@link TrackerRuntime} claims the
 * request and acks the response (a response over HTTP enters at {@link #acceptExternalResponse}, a timeout at
 * {@link #timedOut}); the {@link ResponseDispatcher} runs the callback or forwards the response through the
 * {@link RequestProxy}, and tells the {@link TrackerObserver}s. The {@link TrackerRuntime} starts and stops the parts
 * in order.
 * <p>
 * Observations ({@link io.acomm.observation}): with an {@link EndpointBuilder#observationRegistry ObservationRegistry},
 * each request sent by {@link #send}, {@link #trackAndSend} or {@link #syncRequest} is observed from its send to its
 * response or timeout, and carries the trace context of that observation to the provider; each response handled is
 * observed too, the callback running within that observation.
 * <p>
 * Threads:
 * <ul>
 * <li>Responses are read, claimed and acked on the listener's threads, which serve every peer.</li>
 * <li>Callbacks, forwards and observers run on the handler executor: the tracker's own pool
 *     ({@link TrackerBuilder#handlerThreads}) or the application's ({@link TrackerBuilder#handlerExecutor}). No
 *     user callback runs on a listener thread or on the timing wheel's thread.</li>
 * <li>The futures of {@link #send} and {@link #syncRequest} are completed right after the ack, on the listener
 *     thread (on the handler executor for a timeout), and so are the stages chained to them without an executor:
 *     chain slow work with the {@code …Async} methods. Those of {@link #request}, which convert the result, are
 *     completed on the handler executor.</li>
 * <li>Requests still tracked when the tracker stops are answered on the thread that stops it.</li>
 * <li>The one-shot streams ({@link UnixStreams}) have their own selector and writer threads.</li>
 * </ul>
 * Instances are thread-safe; a stopped tracker can be started again.
 */
public final class Tracker implements AcommOperations, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(Tracker.class);

    /** The default time a tracked request waits for its response: one minute. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

    /** How long {@link #close()} waits for tracked requests: thirty seconds. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** The error of the response a tracker gives a request that timed out. */
    public static final String TIMEOUT_ERROR = "response timeout";

    /** The error of the response a tracker gives the requests still tracked when it is stopped. */
    public static final String STOPPED_ERROR = TrackerRuntime.STOPPED_ERROR;

    private final Path socketPath;
    private final URI url;
    private final Duration defaultTimeout;
    private final Sender sender;
    private final UnixStreams streams;
    private final PendingRequests pending;
    private final RequestProxy proxy;
    private final ResponseDispatcher dispatcher;
    private final ClientCalls calls;
    private final TrackerRuntime runtime;

    Tracker(TrackerBuilder builder) {
        this.socketPath = builder.resolveSocketPath();
        this.url = UnixTransport.url(this.socketPath);
        Path streamDir = this.socketPath.getParent();
        this.defaultTimeout = builder.defaultTimeout;
        this.sender = builder.sender();
        UnixStreams ownStreams = builder.ownStreams(streamDir);
        this.streams = ownStreams != null ? ownStreams : builder.streams;
        this.pending = new PendingRequests(this.defaultTimeout, builder.timeoutResolution, this::timedOut);
        this.proxy = new RequestProxy(this.url, builder.httpStreamUrl, builder.externalProxyUrl, this.sender,
                this.streams, streamDir, this.pending);
        TrackerObservations observations = new TrackerObservations(builder.observationRegistry,
                builder.tracePropagation, builder.requestObservationConvention, builder.responseObservationConvention);
        this.dispatcher = new ResponseDispatcher(builder.fallbackCallback, builder.observers, this.proxy,
                observations, builder.handlerExecutor, builder.handlerThreads);
        this.calls = new ClientCalls(this.url, this.sender, this.defaultTimeout, this.pending, observations);
        this.runtime = new TrackerRuntime(builder.listenerSettings(this.socketPath), streamDir, builder.codec,
                this.sender.json(), ownStreams, this.pending, this.dispatcher);
    }

    /**
     * @return a builder with the defaults: a socket in the system temp dir, a one minute timeout, the default
     *     {@link Sender}
     */
    public static TrackerBuilder builder() {
        return new TrackerBuilder();
    }

    /**
     * @return the tracker's response hook: {@code unix://} and its socket path
     */
    public URI url() {
        return this.url;
    }

    /**
     * @return the path of the tracker's socket
     */
    public Path addr() {
        return this.socketPath;
    }

    /**
     * @return the sender used to send requests and forward responses
     */
    public Sender sender() {
        return this.sender;
    }

    /**
     * @return the timeout of requests tracked without one
     */
    public Duration defaultTimeout() {
        return this.defaultTimeout;
    }

    /**
     * @return the URL of the HTTP stream endpoint, or {@code null}
     */
    public @Nullable URI httpStreamUrl() {
        return this.proxy.httpStreamUrl();
    }

    /**
     * @return the URL external hosts send responses to, or {@code null}
     */
    public @Nullable URI externalProxyUrl() {
        return this.proxy.externalProxyUrl();
    }

    /**
     * @return whether the tracker listens for responses (it does while it runs and while it drains on stop)
     */
    public boolean isListening() {
        return this.runtime.isListening();
    }

    /**
     * @return the {@link Error} (such as an {@link OutOfMemoryError}) the listener met while serving a response,
     *     until it next serves one; {@code null} while it is healthy
     */
    public @Nullable Throwable listenerFailure() {
        return this.runtime.listenerFailure();
    }

    /**
     * @return how many connections to the tracker's socket were closed at once because the maximum was open, since
     *     the tracker was built
     */
    public long refusedConnections() {
        return this.runtime.refusedConnections();
    }

    /**
     * @return how many requests are tracked
     */
    public int numRequests() {
        return this.pending.size();
    }

    /**
     * Starts listening for responses on the tracker's socket, after deleting stale tracker socket files in its
     * directory, and starts the tracker's own {@link UnixStreams} (streams it was given are started by their owner).
     * Does nothing if it already listens.
     * @throws AcommException if the socket cannot be bound
     */
    public void startListener() {
        this.runtime.start();
    }

    /**
     * Stops the tracker: refuses new tracking at once, waits until every tracked request has been handled (by its
     * response or its timeout) or the timeout passes, then closes the listener, deletes the socket file and stops
     * the tracker's own {@link UnixStreams}, closing their pending streams. Requests still tracked after the timeout
     * are answered with the error {@value #STOPPED_ERROR}. One line says how many requests were drained and how many
     * were answered with {@value #STOPPED_ERROR}: at INFO, or at WARN when there were such. Stopping a tracker that is
     * not running (or that another thread is stopping) does nothing.
     * @param timeout how long to wait for tracked requests, {@code null} for no limit
     * @return whether every tracked request was handled within the timeout, {@code false} if some had to be
     *     answered with {@value #STOPPED_ERROR}
     */
    public boolean stopListener(@Nullable Duration timeout) {
        return this.runtime.stop(timeout) == 0;
    }

    /**
     * Stops the tracker with {@link #CLOSE_TIMEOUT}, see {@link #stopListener(Duration)}.
     */
    @Override
    public void close() {
        stopListener(CLOSE_TIMEOUT);
    }

    /**
     * Accepts a response that came back over HTTP for a request tracked by {@link #proxyExternal}: the request is no
     * longer tracked, and the response is forwarded to its original hook on the handler executor.
     * @param response the response
     * @throws MessageRefusedException if no request tracked through {@code proxyExternal} has that id
     */
    public void acceptExternalResponse(Response response) {
        this.runtime.receiveExternal(response);
    }

    /**
     * Answers a request whose timeout passed, on the handler executor.
     */
    private void timedOut(TrackedRequest tracked) {
        if (logger.isDebugEnabled()) {
            logger.debug("acomm request {} (task '{}') timed out after {} ms", LogText.oneLine(tracked.request().id()),
                    LogText.oneLine(tracked.request().task()), tracked.age().toMillis());
        }
        this.dispatcher.handleOnExecutor(tracked, Response.timeout(tracked.request()),
                TrackerObserver.Outcome.TIMEOUT);
    }

    /**
     * Tracks a request with the default timeout.
     * @param request the request, with an id
     * @throws AcommException if the tracker is not running or the id is already tracked
     */
    public void trackRequest(Request request) {
        trackRequest(request, this.defaultTimeout);
    }

    /**
     * Tracks a request until its response arrives or the timeout passes.
     * @param request the request, with an id
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @throws AcommException if the tracker is not running or the id is already tracked
     */
    public void trackRequest(Request request, @Nullable Duration timeout) {
        this.pending.track(request, TrackedRequest.Origin.LOCAL, timeout, false);
    }

    /**
     * Stops tracking a request and returns it; its timeout is cancelled.
     * @param id the request id
     * @return the tracked request, or {@code null} if none is tracked under that id
     */
    public @Nullable Request retrieveRequest(String id) {
        TrackedRequest tracked = this.pending.claim(id);
        if (tracked == null) {
            return null;
        }
        tracked.abandoned(null);
        return tracked.request();
    }

    /**
     * Stops tracking a request, for example after its send failed.
     * @param request the request
     * @return whether it was tracked
     */
    public boolean removeRequest(Request request) {
        TrackedRequest tracked = this.pending.claim(request.id());
        if (tracked == null) {
            return false;
        }
        tracked.abandoned(null);
        return true;
    }

    /**
     * Prepares a request for local services: a request whose hook is already {@code unix://} is returned as it is
     * and nothing is tracked. Otherwise the original is tracked as proxied and a copy (same id, task and args)
     * whose hook is this tracker is returned; its response will be forwarded to the original hook. A non-unix
     * stream URL is piped through a new one-shot unix stream.
     * @param request the request, typically received over HTTP
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the request to hand to local services
     * @throws AcommException if the tracker does not listen
     */
    public Request proxyUnix(Request request, @Nullable Duration timeout) {
        if (!isListening()) {
            throw new AcommException("cannot proxy request " + request.id() + ": the tracker is not listening");
        }
        return this.proxy.proxyUnix(request, timeout);
    }

    /**
     * Same as {@link #proxyUnix(Request, Duration)} with the default timeout.
     * @param request the request, typically received over HTTP
     * @return the request to hand to local services
     */
    public Request proxyUnix(Request request) {
        return proxyUnix(request, null);
    }

    /**
     * Prepares a request for an external host: tracks the original as proxied and returns a copy whose hook is
     * the external proxy URL (the HTTP responses endpoint) and whose unix stream URL, if any, is rewritten to the
     * HTTP stream endpoint.
     * @param request the request
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the request to send to the external host
     * @throws AcommException if no external proxy URL is configured or the tracker is not running
     */
    public Request proxyExternal(Request request, @Nullable Duration timeout) {
        return this.proxy.proxyExternal(request, timeout);
    }

    /**
     * @param streamUrl a {@code unix://} stream URL
     * @return the URL of the HTTP stream endpoint that serves it: {@code <httpStreamUrl>?addr=<url-encoded url>}
     * @throws AcommException if no HTTP stream URL is configured
     */
    public URI proxyStreamHttpUrl(URI streamUrl) {
        return this.proxy.proxyStreamHttpUrl(streamUrl);
    }

    @Override
    public CompletableFuture<Response> send(URI destination, Request request, @Nullable Duration timeout) {
        return this.calls.send(destination, request, timeout);
    }

    @Override
    public CompletableFuture<Response> send(URI destination, Request request) {
        return send(destination, request, null);
    }

    @Override
    public Request trackAndSend(URI destination, Request request, @Nullable Duration timeout) {
        return this.calls.trackAndSend(destination, request, timeout);
    }

    @Override
    public Response syncRequest(URI destination, String task, @Nullable Object args, @Nullable Duration timeout) {
        return this.calls.syncRequest(destination, task, args, timeout);
    }

    @Override
    public <T> @Nullable T syncRequest(URI destination, String task, @Nullable Object args, Class<T> resultType,
            @Nullable Duration timeout) {
        return this.calls.syncRequest(destination, task, args, resultType, timeout);
    }

    @Override
    public <T> @Nullable T syncRequest(URI destination, String task, @Nullable Object args,
            TypeReference<T> resultType, @Nullable Duration timeout) {
        return this.calls.syncRequest(destination, task, args, resultType.getType(), timeout);
    }

    @Override
    public CompletableFuture<Response> request(URI destination, String task, @Nullable Object args,
            @Nullable Duration timeout) {
        return this.calls.request(destination, task, args, timeout);
    }

    @Override
    public <T> CompletableFuture<@Nullable T> request(URI destination, String task, @Nullable Object args,
            Class<T> resultType, @Nullable Duration timeout) {
        return this.calls.request(destination, task, args, resultType, timeout);
    }

    @Override
    public <T> CompletableFuture<@Nullable T> request(URI destination, String task, @Nullable Object args,
            TypeReference<T> resultType, @Nullable Duration timeout) {
        return this.calls.request(destination, task, args, resultType.getType(), timeout);
    }

    /**
     * Opens a one-shot Unix stream socket on the tracker's {@link UnixStreams}: the first reader that connects
     * receives the source's bytes, then the socket goes away and the source is closed. A stream nobody reads within
     * the tracker's default timeout is closed, and so are the streams still pending when the tracker's own streams
     * stop with it.
     * @param dir the directory of the socket file, {@code null} for the tracker's socket directory
     * @param source the data
     * @return the {@code unix://} URL of the stream
     * @throws AcommException if the streams are not running or the socket cannot be bound
     */
    public URI newStreamUnix(@Nullable Path dir, InputStream source) {
        return this.streams.newStreamUnix(dir != null ? dir : this.socketPath.getParent(), source);
    }

    /**
     * @param streamUrl a stream URL
     * @return whether it is a pending unix stream of this tracker's {@link UnixStreams}
     */
    public boolean isOwnStream(URI streamUrl) {
        return this.streams.isOwnStream(streamUrl);
    }

    @Override
    public String toString() {
        return "Tracker[" + this.url + ", " + this.runtime.state() + ", " + numRequests() + " tracked]";
    }
}
