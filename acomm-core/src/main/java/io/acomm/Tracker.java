package io.acomm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.acomm.internal.server.FrameReceiver;
import io.acomm.internal.server.MessageHandler;
import io.acomm.internal.server.SocketFiles;
import io.acomm.internal.server.UnixListener;
import io.acomm.internal.stream.StreamServer;
import io.acomm.internal.tracker.TimeoutWheel;
import io.acomm.internal.util.Closeables;
import io.acomm.internal.util.Limits;
import io.acomm.internal.util.WorkerPools;
import io.acomm.transport.UnixTransport;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requesting side's bookkeeper: keeps the requests that still wait for a response, listens on its own Unix socket
 * for responses, and handles each response exactly once.
 * <p>
 * A response to a request made here runs that request's success or error callback (or the tracker's fallback
 * callback when the request has none for that outcome). A response to a proxied request is forwarded to the
 * request's original hook. A request that gets no response in time is answered by the tracker itself with the error
 * {@value #TIMEOUT_ERROR}, handled exactly like a real response; a late real response then finds nothing tracked and
 * is refused. Timeouts live on one shared timing wheel, so a million outstanding requests are cheap.
 * <p>
 * Responses are read and acked on the listener's threads and handled afterwards on the handler executor. Instances
 * are thread-safe; a stopped tracker can be started again.
 */
public final class Tracker {

    private static final Logger logger = LoggerFactory.getLogger(Tracker.class);

    /** The default time a tracked request waits for its response: one minute. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

    /** The error of the response a tracker gives a request that timed out. */
    public static final String TIMEOUT_ERROR = "response timeout";

    /** The error of the response a tracker gives the requests still tracked when it is stopped. */
    public static final String STOPPED_ERROR = "tracker stopped";

    private static final int WHEEL_SIZE = 1024;

    /** How the socket files of generated tracker sockets begin; stale ones are deleted at start-up. */
    private static final String TRACKER_FILE_PREFIX = "acommTracker-";

    /** How the socket files of stream sockets begin; stale ones are deleted at start-up. */
    private static final String STREAM_FILE_PREFIX = "acomm-stream-";

    private enum State { STOPPED, RUNNING, STOPPING }

    private final Path socketPath;
    private final URI url;
    private final Path streamDir;
    private final Supplier<URI> httpStreamUrl;
    private final Supplier<URI> externalProxyUrl;
    private final Duration defaultTimeout;
    private final Sender sender;
    private final FrameCodec codec;
    private final Set<PosixFilePermission> socketPermissions;
    private final PeerFilter peerFilter;
    private final int backlog;
    private final int maxConnections;
    private final long readBudget;
    private final int listenerConcurrency;
    private final int handlerThreads;
    private final Executor configuredHandlerExecutor;
    private final Duration timeoutResolution;
    private final ResponseCallback fallbackCallback;
    private final List<TrackerObserver> observers;

    private final ConcurrentHashMap<String, TrackedRequest> requests = new ConcurrentHashMap<>();
    private final Object lifecycleMonitor = new Object();
    private final Object drainMonitor = new Object();
    private volatile State state = State.STOPPED;
    private volatile TimeoutWheel<TrackedRequest> wheel;
    private volatile UnixListener listener;
    private volatile long refusedByStoppedListeners;
    private volatile StreamServer streams;
    private ExecutorService streamWriters;
    private Executor handlerExecutor;
    private ExecutorService ownedHandlerExecutor;

    private Tracker(Builder builder) {
        this.socketPath = builder.socketPath != null ? builder.socketPath.toAbsolutePath()
                : builder.socketDir.toAbsolutePath().resolve(TRACKER_FILE_PREFIX + randomSuffix() + ".sock");
        this.url = UnixTransport.url(this.socketPath);
        this.streamDir = this.socketPath.getParent();
        this.httpStreamUrl = builder.httpStreamUrl;
        this.externalProxyUrl = builder.externalProxyUrl;
        this.defaultTimeout = builder.defaultTimeout;
        this.sender = builder.sender();
        this.codec = builder.codec;
        this.socketPermissions = builder.socketPermissions;
        this.peerFilter = builder.peerFilter;
        this.backlog = builder.backlog;
        this.maxConnections = builder.maxConnections;
        this.readBudget = builder.readBudget;
        this.listenerConcurrency = builder.listenerConcurrency;
        this.handlerThreads = builder.handlerThreads;
        this.configuredHandlerExecutor = builder.handlerExecutor;
        this.timeoutResolution = builder.timeoutResolution;
        this.fallbackCallback = builder.fallbackCallback;
        this.observers = List.copyOf(builder.observers);
    }

    /**
     * @return a builder with the defaults: a socket in the system temp dir, a one minute timeout, the default
     *     {@link Sender}
     */
    public static Builder builder() {
        return new Builder();
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

    public Duration defaultTimeout() {
        return this.defaultTimeout;
    }

    /**
     * @return the URL of the HTTP stream endpoint, or {@code null}
     */
    public URI httpStreamUrl() {
        return this.httpStreamUrl.get();
    }

    /**
     * @return the URL external hosts send responses to, or {@code null}
     */
    public URI externalProxyUrl() {
        return this.externalProxyUrl.get();
    }

    /**
     * @return whether the tracker listens for responses (it does while it runs and while it drains on stop)
     */
    public boolean isListening() {
        return this.state != State.STOPPED;
    }

    /**
     * @return the {@link Error} (such as an {@link OutOfMemoryError}) the listener met while serving a response,
     *     until it next serves one; {@code null} while it is healthy
     */
    public Throwable listenerFailure() {
        UnixListener current = this.listener;
        return current == null ? null : current.unhealthyCause();
    }

    /**
     * @return how many connections to the tracker's socket were closed at once because the maximum was open, since
     *     the tracker was built
     */
    public long refusedConnections() {
        UnixListener current = this.listener;
        return this.refusedByStoppedListeners + (current == null ? 0 : current.refusedConnections());
    }

    /**
     * @return how many requests are tracked
     */
    public int numRequests() {
        return this.requests.size();
    }

    /**
     * Same as {@link #startListener()}.
     */
    public void start() {
        startListener();
    }

    /**
     * Starts listening for responses on the tracker's socket. Does nothing if it already listens.
     * @throws AcommException if the socket cannot be bound
     */
    public void startListener() {
        synchronized (this.lifecycleMonitor) {
            if (this.state != State.STOPPED) {
                return;
            }
            TimeoutWheel<TrackedRequest> newWheel = new TimeoutWheel<>(this.timeoutResolution.toNanos(), WHEEL_SIZE,
                    this::expire, "acomm-tracker-timeouts").start();
            ExecutorService owned = this.configuredHandlerExecutor != null ? null
                    : WorkerPools.newPool("acomm-tracker-handler-", this.handlerThreads);
            Executor executor = owned != null ? owned : this.configuredHandlerExecutor;
            UnixListener newListener = UnixListener.builder(this.socketPath)
                    .name("tracker")
                    .permissions(this.socketPermissions)
                    .maxConcurrency(this.listenerConcurrency)
                    .backlog(this.backlog)
                    .maxConnections(this.maxConnections)
                    .readBudget(this.readBudget)
                    .peerFilter(this.peerFilter)
                    .build();
            SocketFiles.deleteStale(this.streamDir, STREAM_FILE_PREFIX, TRACKER_FILE_PREFIX);
            ExecutorService writers = WorkerPools.newElasticPool("acomm-tracker-stream-");
            StreamServer streamServer = null;
            try {
                streamServer = new StreamServer("acomm-tracker-streams", this.socketPermissions, this.peerFilter,
                        this.codec.readTimeout(), writers);
                // the receiver runs the work it gets on the listener thread, once the ack is written: receive()
                // hands anything slower than completing a future on to the handler executor
                newListener.start(FrameReceiver.forResponses(this.codec, this.sender.json(), this::receive));
            }
            catch (IOException ex) {
                if (streamServer != null) {
                    streamServer.stop();
                }
                writers.shutdown();
                newWheel.stop();
                if (owned != null) {
                    owned.shutdown();
                }
                throw new AcommException("cannot start tracker: " + ex.getMessage(), ex);
            }
            this.streams = streamServer;
            this.streamWriters = writers;
            this.wheel = newWheel;
            this.ownedHandlerExecutor = owned;
            this.handlerExecutor = executor;
            this.listener = newListener;
            this.state = State.RUNNING;
        }
    }

    /**
     * Stops the tracker, waiting as long as it takes for every tracked request to be handled.
     */
    public void stop() {
        stopListener(null);
    }

    /**
     * Stops the tracker: refuses new tracking at once, waits until every tracked request has been handled (by its
     * response or its timeout) or the timeout passes, then closes the listener, deletes the socket file and closes
     * pending streams. Requests still tracked after the timeout are answered with the error
     * {@value #STOPPED_ERROR}. Stopping a tracker that is not running does nothing.
     * @param timeout how long to wait for tracked requests, {@code null} for no limit
     * @throws AcommException if requests were still tracked when the timeout passed; its message contains
     *     {@code timeout} and how many remained
     */
    public void stopListener(Duration timeout) {
        synchronized (this.lifecycleMonitor) {
            if (this.state != State.RUNNING) {
                return;
            }
            this.state = State.STOPPING;
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        awaitDrain(deadline);
        int remaining = answerRemaining();
        this.listener.close();
        this.refusedByStoppedListeners += this.listener.refusedConnections();
        this.streams.stop();
        stopStreamWriters();
        this.wheel.stop();
        if (this.ownedHandlerExecutor != null) {
            this.ownedHandlerExecutor.shutdown();
            awaitHandlers(this.ownedHandlerExecutor, deadline);
        }
        synchronized (this.lifecycleMonitor) {
            // requests tracked in a race with the state change above get the same answer
            remaining += answerRemaining();
            this.state = State.STOPPED;
        }
        if (remaining > 0) {
            throw new AcommException("timeout: " + remaining + " request(s) still tracked after " + timeout
                    + " when stopping the tracker; they were answered with '" + STOPPED_ERROR + "'");
        }
    }

    private void awaitDrain(long deadline) {
        synchronized (this.drainMonitor) {
            while (!this.requests.isEmpty()) {
                long waitMillis = deadline == Long.MAX_VALUE ? 0
                        : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (deadline != Long.MAX_VALUE && waitMillis <= 0) {
                    return;
                }
                try {
                    this.drainMonitor.wait(waitMillis);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private int answerRemaining() {
        int answered = 0;
        for (String id : this.requests.keySet()) {
            TrackedRequest tracked = claim(id);
            if (tracked != null) {
                answered++;
                handle(tracked, Response.failure(tracked.request, STOPPED_ERROR), TrackerObserver.Outcome.ERROR);
            }
        }
        return answered;
    }

    private static void awaitHandlers(ExecutorService executor, long deadline) {
        long grace = TimeUnit.SECONDS.toNanos(1);
        long wait = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(grace, deadline - System.nanoTime());
        try {
            if (!executor.awaitTermination(wait, TimeUnit.NANOSECONDS)) {
                logger.warn("acomm tracker stopped while response handlers were still running; interrupting them");
                executor.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
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
    public void trackRequest(Request request, Duration timeout) {
        track(request, TrackedRequest.Origin.LOCAL, timeout, false);
    }

    private void track(Request request, TrackedRequest.Origin origin, Duration timeout, boolean quickCallbacks) {
        Objects.requireNonNull(request, "request");
        if (request.id() == null || request.id().isEmpty()) {
            throw new IllegalArgumentException("cannot track a request without an id");
        }
        Duration effective = timeout == null ? this.defaultTimeout : timeout;
        if (effective.isNegative() || effective.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + effective);
        }
        TimeoutWheel<TrackedRequest> currentWheel = this.wheel;
        if (this.state != State.RUNNING) {
            throw new AcommException("cannot track request " + request.id() + ": the tracker is "
                    + (this.state == State.STOPPING ? "stopping" : "not started"));
        }
        TrackedRequest tracked = new TrackedRequest(request, origin, System.nanoTime(), quickCallbacks);
        if (this.requests.putIfAbsent(request.id(), tracked) != null) {
            throw new AcommException("request already tracked: " + request.id());
        }
        currentWheel.schedule(tracked, tracked.trackedAtNanos + effective.toNanos());
    }

    /**
     * Stops tracking a request and returns it; its timeout is cancelled.
     * @param id the request id
     * @return the tracked request, or {@code null} if none is tracked under that id
     */
    public Request retrieveRequest(String id) {
        TrackedRequest tracked = claim(id);
        return tracked == null ? null : tracked.request;
    }

    /**
     * Stops tracking a request, for example after its send failed.
     * @param request the request
     * @return whether it was tracked
     */
    public boolean removeRequest(Request request) {
        return claim(request.id()) != null;
    }

    private TrackedRequest claim(String id) {
        TrackedRequest tracked = id == null ? null : this.requests.remove(id);
        if (tracked != null) {
            released(tracked);
        }
        return tracked;
    }

    /**
     * Claims a request only if it came from the given origin.
     */
    private TrackedRequest claim(String id, TrackedRequest.Origin origin) {
        TrackedRequest tracked = id == null ? null : this.requests.get(id);
        if (tracked == null || tracked.origin != origin || !this.requests.remove(id, tracked)) {
            return null;
        }
        released(tracked);
        return tracked;
    }

    /**
     * What follows claiming a request: its timeout is cancelled, and a stop waiting for the last one is told.
     */
    private void released(TrackedRequest tracked) {
        this.wheel.cancel(tracked);
        signalIfDrained();
    }

    private void signalIfDrained() {
        if (this.state == State.STOPPING && this.requests.isEmpty()) {
            synchronized (this.drainMonitor) {
                this.drainMonitor.notifyAll();
            }
        }
    }

    private void expire(TrackedRequest tracked) {
        if (this.requests.remove(tracked.request.id(), tracked)) {
            signalIfDrained();
            Response timeout = Response.failure(tracked.request, TIMEOUT_ERROR);
            WorkerPools.execute(this.handlerExecutor, () -> handle(tracked, timeout, TrackerObserver.Outcome.TIMEOUT));
        }
    }

    /**
     * Claims the request a response answers, before the response is acked: an ack tells the sender that this
     * response, and not a timeout, ends the request. If the ack cannot be written, the request is tracked again
     * with its original deadline, for the sender's retry.
     */
    private MessageHandler.Accepted receive(Response response) {
        if (response.id() == null || response.id().isEmpty()) {
            throw new MessageRefusedException("invalid response: missing id");
        }
        TrackedRequest tracked = claim(response.id());
        if (tracked == null) {
            throw new MessageRefusedException("no tracked request: " + response.id());
        }
        TrackerObserver.Outcome outcome = outcomeOf(response);
        return new MessageHandler.Accepted() {
            @Override
            public void run() {
                if (tracked.quickCallbacks) {
                    handle(tracked, response, outcome);
                }
                else {
                    WorkerPools.execute(Tracker.this.handlerExecutor, () -> handle(tracked, response, outcome));
                }
            }

            @Override
            public void ackFailed() {
                trackAgain(tracked);
            }
        };
    }

    private void trackAgain(TrackedRequest claimed) {
        TrackedRequest again = claimed.again();
        if (this.requests.putIfAbsent(again.request.id(), again) == null) {
            this.wheel.schedule(again, this.wheel.deadlineNanos(claimed));
        }
    }

    private static TrackerObserver.Outcome outcomeOf(Response response) {
        return response.isError() ? TrackerObserver.Outcome.ERROR : TrackerObserver.Outcome.SUCCESS;
    }

    private void handle(TrackedRequest tracked, Response response, TrackerObserver.Outcome outcome) {
        if (tracked.isProxied()) {
            forward(tracked, response);
        }
        else {
            runCallback(tracked.request, response);
        }
        if (!this.observers.isEmpty()) {
            Duration latency = Duration.ofNanos(System.nanoTime() - tracked.trackedAtNanos);
            for (TrackerObserver observer : this.observers) {
                try {
                    if (tracked.isProxied()) {
                        observer.proxiedResponseHandled(tracked.request, response, outcome, latency);
                    }
                    else {
                        observer.responseHandled(tracked.request, response, outcome, latency);
                    }
                }
                catch (RuntimeException ex) {
                    logger.warn("acomm tracker observer {} failed: {}", observer, ex.toString());
                }
            }
        }
    }

    private void runCallback(Request request, Response response) {
        ResponseCallback callback = response.isError() ? request.onError() : request.onSuccess();
        if (callback == null) {
            callback = this.fallbackCallback;
        }
        if (callback == null) {
            logger.debug("acomm response {} has no callback", response);
            return;
        }
        try {
            callback.handle(request, response);
        }
        catch (RuntimeException | Error ex) {
            logger.warn("acomm response callback failed for request {} (task '{}'): {}", request.id(),
                    request.task(), ex.toString(), ex);
        }
    }

    private void forward(TrackedRequest tracked, Response response) {
        Request original = tracked.request;
        Response outgoing = response;
        URI stream = response.streamUrl();
        if (tracked.origin == TrackedRequest.Origin.PROXY_UNIX && isUnix(stream) && httpStreamUrl() != null) {
            // the HTTP stream endpoint serves this tracker's own streams only: relay another process's stream
            URI served = isOwnStream(stream) ? stream : relayStream(stream);
            outgoing = response.withStreamUrl(proxyStreamHttpUrl(served));
        }
        try {
            this.sender.send(original.responseHook(), outgoing);
        }
        catch (RuntimeException ex) {
            logger.warn("acomm response for request {} (task '{}') could not be forwarded: {}", original.id(),
                    original.task(), ex.getMessage());
        }
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
    public Request proxyUnix(Request request, Duration timeout) {
        if (!isListening()) {
            throw new AcommException("cannot proxy request " + request.id() + ": the tracker is not listening");
        }
        if (isUnix(request.responseHook())) {
            return request;
        }
        Request local = request.toBuilder().responseHook(this.url).onSuccess(null).onError(null).build();
        track(request, TrackedRequest.Origin.PROXY_UNIX, timeout, false);
        URI remoteStream = request.streamUrl();
        if (remoteStream != null && !isUnix(remoteStream)) {
            try {
                local = local.withStreamUrl(relayStream(remoteStream));
            }
            catch (RuntimeException ex) {
                removeRequest(request);
                throw ex;
            }
        }
        return local;
    }

    /**
     * Same as {@link #proxyUnix(Request, Duration)} with the default timeout.
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
    public Request proxyExternal(Request request, Duration timeout) {
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
        track(request, TrackedRequest.Origin.PROXY_EXTERNAL, timeout, false);
        return external;
    }

    /**
     * Accepts a response that came back over HTTP for a request tracked by {@link #proxyExternal}: the request is no
     * longer tracked, and the response is forwarded to its original hook on the handler executor.
     * @param response the response
     * @throws MessageRefusedException if no request tracked through {@code proxyExternal} has that id
     */
    public void acceptExternalResponse(Response response) {
        TrackedRequest tracked = claim(response.id(), TrackedRequest.Origin.PROXY_EXTERNAL);
        if (tracked == null) {
            throw new MessageRefusedException("no tracked request: " + response.id());
        }
        WorkerPools.execute(this.handlerExecutor, () -> handle(tracked, response, outcomeOf(response)));
    }

    /**
     * Sends a request and tracks it: the request's hook is set to this tracker, and the returned future completes
     * with the response (an error response included, a timeout too). The request's callbacks are replaced. The
     * future is completed on one of the tracker's threads: chain slow work with the {@code …Async} methods.
     * @param destination where to send the request
     * @param request the request; its callbacks are replaced
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the future response; it completes exceptionally with a {@link SendException} if the send fails, and
     *     the request is then no longer tracked
     * @throws AcommException if the request (its arguments) cannot be encoded; nothing is tracked then
     */
    public CompletableFuture<Response> send(URI destination, Request request, Duration timeout) {
        CompletableFuture<Response> future = new CompletableFuture<>();
        ResponseCallback complete = (answered, response) -> future.complete(response);
        Request tracked = request.toBuilder().responseHook(this.url).onSuccess(complete).onError(complete).build();
        try {
            trackAndSendTracked(destination, tracked, timeout, true);
        }
        catch (SendException ex) {
            future.completeExceptionally(ex);
        }
        return future;
    }

    /**
     * Sends a request with this tracker as its hook and tracks it; its response is handled like any other: by the
     * request's callbacks, or the fallback callback when it has none.
     * @param destination where to send the request
     * @param request the request
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the request as tracked and sent
     * @throws SendException if the send fails; the request is then no longer tracked
     * @throws AcommException if the request cannot be encoded (nothing is tracked then) or the tracker cannot track
     *     it
     */
    public Request trackAndSend(URI destination, Request request, Duration timeout) {
        Request tracked = request.withResponseHook(this.url);
        trackAndSendTracked(destination, tracked, timeout, false);
        return tracked;
    }

    /**
     * Tracks a request whose hook is already this tracker and sends it.
     */
    private void trackAndSendTracked(URI destination, Request tracked, Duration timeout, boolean quickCallbacks) {
        // encoded first: arguments that cannot be encoded fail here, before anything is tracked
        byte[] encoded = this.sender.json().encode(tracked);
        track(tracked, TrackedRequest.Origin.LOCAL, timeout, quickCallbacks);
        try {
            // the send, too, ends by the caller's timeout: a waiting caller is answered in time whatever the peer does
            this.sender.sendEncoded(destination, encoded, timeout != null ? timeout : this.defaultTimeout);
        }
        catch (RuntimeException ex) {
            removeRequest(tracked);
            throw ex;
        }
    }

    /**
     * Same as {@link #send(URI, Request, Duration)} with the default timeout.
     */
    public CompletableFuture<Response> send(URI destination, Request request) {
        return send(destination, request, null);
    }

    /**
     * Sends a request for a task and waits for its response.
     * @param destination where to send the request
     * @param task the task
     * @param args the arguments, or {@code null}
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the successful response
     * @throws ResponseErrorException carrying the error of an error response (a timeout included)
     * @throws SendException if the request cannot be sent
     * @throws AcommException if the arguments cannot be encoded; nothing is tracked then
     */
    public Response syncRequest(URI destination, String task, Object args, Duration timeout) {
        Request request = Request.builder().task(task).responseHook(this.url).args(args).json(this.sender.json())
                .build();
        Response response;
        try {
            response = send(destination, request, timeout).get();
        }
        catch (InterruptedException ex) {
            removeRequest(request);
            Thread.currentThread().interrupt();
            throw new AcommException("interrupted while waiting for the response to " + request.id(), ex);
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AcommException(ex.getCause().getMessage(), ex.getCause());
        }
        if (response.isError()) {
            throw new ResponseErrorException(response);
        }
        return response;
    }

    /**
     * Opens a one-shot Unix stream socket: the first reader that connects receives the source's bytes, then the
     * socket goes away and the source is closed. A stream nobody reads within the tracker's default timeout is
     * closed, and so are the streams still pending when the tracker stops.
     * @param dir the directory of the socket file, {@code null} for the tracker's socket directory
     * @param source the data
     * @return the {@code unix://} URL of the stream
     * @throws AcommException if the tracker is not running or the socket cannot be bound
     */
    public URI newStreamUnix(Path dir, InputStream source) {
        return openStream(dir != null ? dir : this.streamDir, StreamSource.of(source));
    }

    /**
     * Opens a one-shot unix stream of this tracker whose bytes are read from another stream when its reader
     * connects.
     */
    private URI relayStream(URI source) {
        return openStream(this.streamDir, new StreamSource() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                stream(out, source);
            }

            @Override
            public void close() {
                // the relayed stream is opened, read and closed in writeTo
            }
        });
    }

    private URI openStream(Path dir, StreamSource source) {
        if (this.state != State.RUNNING) {
            throw new AcommException("cannot open a stream: the tracker is not running");
        }
        try {
            return this.streams.open(dir.resolve(STREAM_FILE_PREFIX + randomSuffix() + ".sock"), source,
                    this.defaultTimeout);
        }
        catch (IOException ex) {
            Closeables.closeQuietly(source);
            throw new AcommException("cannot open a stream: " + ex.getMessage(), ex);
        }
    }

    private void stopStreamWriters() {
        this.streamWriters.shutdown();
        try {
            if (!this.streamWriters.awaitTermination(1, TimeUnit.SECONDS)) {
                this.streamWriters.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            this.streamWriters.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param streamUrl a stream URL
     * @return whether it is a pending unix stream this tracker created
     */
    public boolean isOwnStream(URI streamUrl) {
        StreamServer current = this.streams;
        return current != null && current.isPending(streamUrl);
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
     * Reads a stream to its end: a {@code unix://} stream (raw bytes until the writer closes) or an
     * {@code http(s)://} one (the body of a GET).
     * @param out where the bytes go
     * @param streamUrl the stream
     * @throws IOException if the stream cannot be read, naming its URL
     */
    public static void stream(OutputStream out, URI streamUrl) throws IOException {
        try (InputStream in = openStream(streamUrl)) {
            in.transferTo(out);
        }
    }

    /**
     * Opens a stream for reading: a {@code unix://} stream (raw bytes until the writer closes) or an
     * {@code http(s)://} one (the body of a GET). The caller closes it.
     * @param streamUrl the stream
     * @return the stream's bytes
     * @throws IOException if the stream cannot be opened, naming its URL
     */
    public static InputStream openStream(URI streamUrl) throws IOException {
        String scheme = streamUrl.getScheme() == null ? "" : streamUrl.getScheme().toLowerCase(java.util.Locale.ROOT);
        return switch (scheme) {
            case "unix" -> openUnixStream(streamUrl);
            case "http", "https" -> openHttpStream(streamUrl);
            default -> throw new IOException("cannot read stream " + streamUrl + ": unknown url type: " + scheme);
        };
    }

    private static InputStream openUnixStream(URI streamUrl) throws IOException {
        try {
            AFUNIXSocket socket = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(UnixTransport.socketPath(streamUrl)));
            return socket.getInputStream();
        }
        catch (IOException ex) {
            throw new IOException("cannot read stream " + streamUrl + ": " + ex.getMessage(), ex);
        }
    }

    private static InputStream openHttpStream(URI streamUrl) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(streamUrl).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = StreamClient.INSTANCE.send(request, HttpResponse.BodyHandlers.ofInputStream());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading stream " + streamUrl, ex);
        }
        if (response.statusCode() / 100 != 2) {
            response.body().close();
            throw new IOException("cannot read stream " + streamUrl + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    private static final class StreamClient {
        static final HttpClient INSTANCE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static boolean isUnix(URI url) {
        return url != null && "unix".equalsIgnoreCase(url.getScheme());
    }

    private static String randomSuffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    @Override
    public String toString() {
        return "Tracker[" + this.url + ", " + this.state + ", " + numRequests() + " tracked]";
    }

    /**
     * Builds a {@link Tracker}.
     */
    public static final class Builder extends EndpointBuilder<Builder> {

        private Path socketPath;
        private Path socketDir = Path.of(System.getProperty("java.io.tmpdir"));
        private Supplier<URI> httpStreamUrl = () -> null;
        private Supplier<URI> externalProxyUrl = () -> null;
        private Duration defaultTimeout = DEFAULT_TIMEOUT;
        private int listenerConcurrency = Limits.DEFAULT_CONCURRENCY;
        private int handlerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private Executor handlerExecutor;
        private Duration timeoutResolution = Duration.ofMillis(10);
        private ResponseCallback fallbackCallback;
        private final List<TrackerObserver> observers = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param socketPath the exact path of the tracker's socket (wins over {@link #socketDir})
         * @return this builder
         */
        public Builder socketPath(Path socketPath) {
            this.socketPath = socketPath;
            return this;
        }

        /**
         * @param socketDir the directory of a socket with a unique name {@code acommTracker-<random>.sock}
         * @return this builder
         */
        public Builder socketDir(Path socketDir) {
            this.socketDir = Objects.requireNonNull(socketDir, "socketDir");
            return this;
        }

        /**
         * @param httpStreamUrl the URL of an HTTP endpoint that serves this tracker's unix streams
         * @return this builder
         */
        public Builder httpStreamUrl(URI httpStreamUrl) {
            return httpStreamUrlSupplier(() -> httpStreamUrl);
        }

        /**
         * @param httpStreamUrl resolves the HTTP stream endpoint's URL when it is first needed, for example once a
         *     web server knows its port; it may answer {@code null}
         * @return this builder
         */
        public Builder httpStreamUrlSupplier(Supplier<URI> httpStreamUrl) {
            this.httpStreamUrl = Objects.requireNonNull(httpStreamUrl, "httpStreamUrl");
            return this;
        }

        /**
         * @param externalProxyUrl the URL external hosts send responses to (see {@link Tracker#proxyExternal})
         * @return this builder
         */
        public Builder externalProxyUrl(URI externalProxyUrl) {
            return externalProxyUrlSupplier(() -> externalProxyUrl);
        }

        /**
         * @param externalProxyUrl resolves the URL external hosts send responses to when it is first needed; it may
         *     answer {@code null}
         * @return this builder
         */
        public Builder externalProxyUrlSupplier(Supplier<URI> externalProxyUrl) {
            this.externalProxyUrl = Objects.requireNonNull(externalProxyUrl, "externalProxyUrl");
            return this;
        }

        /**
         * @param defaultTimeout the timeout of requests tracked without one
         * @return this builder
         */
        public Builder defaultTimeout(Duration defaultTimeout) {
            this.defaultTimeout = positive(defaultTimeout, "defaultTimeout");
            return this;
        }

        /**
         * @param listenerConcurrency how many response connections are read at once
         * @return this builder
         */
        public Builder listenerConcurrency(int listenerConcurrency) {
            this.listenerConcurrency = listenerConcurrency;
            return this;
        }

        /**
         * @param handlerThreads the size of the tracker's own handler pool (ignored with {@link #handlerExecutor})
         * @return this builder
         */
        public Builder handlerThreads(int handlerThreads) {
            if (handlerThreads < 1) {
                throw new IllegalArgumentException("handlerThreads must be at least 1: " + handlerThreads);
            }
            this.handlerThreads = handlerThreads;
            return this;
        }

        /**
         * @param handlerExecutor runs callbacks and forwards; the caller owns it and shuts it down
         * @return this builder
         */
        public Builder handlerExecutor(Executor handlerExecutor) {
            this.handlerExecutor = handlerExecutor;
            return this;
        }

        /**
         * @param timeoutResolution the tick of the timeout wheel: timeouts fire up to this much late
         * @return this builder
         */
        public Builder timeoutResolution(Duration timeoutResolution) {
            this.timeoutResolution = positive(timeoutResolution, "timeoutResolution");
            return this;
        }

        /**
         * @param fallbackCallback handles responses to local requests that have no callback for their outcome
         * @return this builder
         */
        public Builder fallbackCallback(ResponseCallback fallbackCallback) {
            this.fallbackCallback = fallbackCallback;
            return this;
        }

        /**
         * @param observer told of every response the tracker handles
         * @return this builder
         */
        public Builder addObserver(TrackerObserver observer) {
            this.observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        public Tracker build() {
            return new Tracker(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
