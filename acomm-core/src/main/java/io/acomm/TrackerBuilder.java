package io.acomm;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.acomm.internal.server.UnixListener;
import io.acomm.internal.server.UnixListenerBuilder;
import io.acomm.internal.tracker.TrackerRuntime;
import io.acomm.internal.util.Limits;
import io.acomm.internal.util.Timeouts;
import io.acomm.observation.AcommRequestObservationConvention;
import io.acomm.observation.AcommResponseObservationConvention;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Tracker}: {@link Tracker#builder()}.
 */
public final class TrackerBuilder extends EndpointBuilder<TrackerBuilder> {

    Path socketPath;
    Path socketDir = Path.of(System.getProperty("java.io.tmpdir"));
    Supplier<@Nullable URI> httpStreamUrl = () -> null;
    Supplier<@Nullable URI> externalProxyUrl = () -> null;
    Duration defaultTimeout = Tracker.DEFAULT_TIMEOUT;
    int listenerConcurrency = Limits.DEFAULT_CONCURRENCY;
    int handlerThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    Executor handlerExecutor;
    Duration timeoutResolution = Duration.ofMillis(10);
    ResponseCallback fallbackCallback;
    UnixStreams streams;
    final List<TrackerObserver> observers = new ArrayList<>();
    @Nullable AcommRequestObservationConvention requestObservationConvention;
    @Nullable AcommResponseObservationConvention responseObservationConvention;

    TrackerBuilder() {
    }

    /**
     * @param socketPath the exact path of the tracker's socket (wins over {@link #socketDir})
     * @return this builder
     */
    public TrackerBuilder socketPath(Path socketPath) {
        this.socketPath = socketPath;
        return this;
    }

    /**
     * @param socketDir the directory of a socket with a unique name {@code acommTracker-<random>.sock}
     * @return this builder
     */
    public TrackerBuilder socketDir(Path socketDir) {
        this.socketDir = Objects.requireNonNull(socketDir, "socketDir");
        return this;
    }

    /**
     * @param httpStreamUrl the URL of an HTTP endpoint that serves this tracker's unix streams
     * @return this builder
     */
    public TrackerBuilder httpStreamUrl(URI httpStreamUrl) {
        return httpStreamUrlSupplier(() -> httpStreamUrl);
    }

    /**
     * @param httpStreamUrl resolves the HTTP stream endpoint's URL when it is first needed, for example once a
     *     web server knows its port; it may answer {@code null}
     * @return this builder
     */
    public TrackerBuilder httpStreamUrlSupplier(Supplier<@Nullable URI> httpStreamUrl) {
        this.httpStreamUrl = Objects.requireNonNull(httpStreamUrl, "httpStreamUrl");
        return this;
    }

    /**
     * @param externalProxyUrl the URL external hosts send responses to (see {@link Tracker#proxyExternal})
     * @return this builder
     */
    public TrackerBuilder externalProxyUrl(URI externalProxyUrl) {
        return externalProxyUrlSupplier(() -> externalProxyUrl);
    }

    /**
     * @param externalProxyUrl resolves the URL external hosts send responses to when it is first needed; it may
     *     answer {@code null}
     * @return this builder
     */
    public TrackerBuilder externalProxyUrlSupplier(Supplier<@Nullable URI> externalProxyUrl) {
        this.externalProxyUrl = Objects.requireNonNull(externalProxyUrl, "externalProxyUrl");
        return this;
    }

    /**
     * @param defaultTimeout the timeout of requests tracked without one
     * @return this builder
     */
    public TrackerBuilder defaultTimeout(Duration defaultTimeout) {
        this.defaultTimeout = Timeouts.requirePositive(defaultTimeout, "defaultTimeout");
        return this;
    }

    /**
     * @param listenerConcurrency how many response connections are read at once
     * @return this builder
     */
    public TrackerBuilder listenerConcurrency(int listenerConcurrency) {
        this.listenerConcurrency = listenerConcurrency;
        return this;
    }

    /**
     * @param handlerThreads the size of the tracker's own handler pool (ignored with {@link #handlerExecutor})
     * @return this builder
     */
    public TrackerBuilder handlerThreads(int handlerThreads) {
        this.handlerThreads = Limits.atLeastOne(handlerThreads, "handlerThreads");
        return this;
    }

    /**
     * @param handlerExecutor runs callbacks and forwards; the caller owns it and shuts it down
     * @return this builder
     */
    public TrackerBuilder handlerExecutor(Executor handlerExecutor) {
        this.handlerExecutor = handlerExecutor;
        return this;
    }

    /**
     * @param timeoutResolution the tick of the timeout wheel: timeouts fire up to this much late
     * @return this builder
     */
    public TrackerBuilder timeoutResolution(Duration timeoutResolution) {
        this.timeoutResolution = Timeouts.requirePositive(timeoutResolution, "timeoutResolution");
        return this;
    }

    /**
     * @param fallbackCallback handles responses to local requests that have no callback for their outcome
     * @return this builder
     */
    public TrackerBuilder fallbackCallback(ResponseCallback fallbackCallback) {
        this.fallbackCallback = fallbackCallback;
        return this;
    }

    /**
     * @param streams the unix streams the tracker opens its streams on, started and stopped by the caller (for
     *     example shared with a {@link Provider}'s tasks); without them the tracker makes its own, which start and
     *     stop with it
     * @return this builder
     */
    public TrackerBuilder streams(UnixStreams streams) {
        this.streams = Objects.requireNonNull(streams, "streams");
        return this;
    }

    /**
     * @param observer told of every response the tracker handles
     * @return this builder
     */
    public TrackerBuilder addObserver(TrackerObserver observer) {
        this.observers.add(Objects.requireNonNull(observer, "observer"));
        return this;
    }

    /**
     * @param convention replaces the default convention of the {@code acomm.request} observations
     * @return this builder
     */
    public TrackerBuilder requestObservationConvention(AcommRequestObservationConvention convention) {
        this.requestObservationConvention = Objects.requireNonNull(convention, "convention");
        return this;
    }

    /**
     * @param convention replaces the default convention of the {@code acomm.response} observations
     * @return this builder
     */
    public TrackerBuilder responseObservationConvention(AcommResponseObservationConvention convention) {
        this.responseObservationConvention = Objects.requireNonNull(convention, "convention");
        return this;
    }

    /**
     * @return the absolute path of the tracker's socket: the {@link #socketPath(Path)} set, or a new unique name in
     *     the {@link #socketDir(Path)}
     */
    Path resolveSocketPath() {
        return this.socketPath != null ? this.socketPath.toAbsolutePath()
                : this.socketDir.toAbsolutePath().resolve(TrackerRuntime.SOCKET_FILE_PREFIX + UnixStreams.randomSuffix()
                        + ".sock");
    }

    /**
     * @param socketPath the tracker's socket
     * @return the settings of the tracker's listener
     */
    UnixListenerBuilder listenerSettings(Path socketPath) {
        return UnixListener.builder(socketPath)
                .name("tracker")
                .permissions(this.socketPermissions)
                .maxConcurrency(this.listenerConcurrency)
                .backlog(this.backlog)
                .maxConnections(this.maxConnections)
                .readBudget(this.readBudget)
                .peerFilter(this.peerFilter);
    }

    /**
     * @param dir the directory of the streams' sockets
     * @return the streams the tracker makes for itself and starts and stops with it, {@code null} if it was given
     *     {@link #streams(UnixStreams)}
     */
    @Nullable UnixStreams ownStreams(Path dir) {
        return this.streams != null ? null : UnixStreams.builder().dir(dir)
                .socketPermissions(this.socketPermissions).peerFilter(this.peerFilter)
                .writeIdle(this.codec.readTimeout()).readerTimeout(this.defaultTimeout).build();
    }

    /**
     * @return a new tracker with these settings; it listens once {@link Tracker#startListener()} is called
     */
    public Tracker build() {
        return new Tracker(this);
    }
}
