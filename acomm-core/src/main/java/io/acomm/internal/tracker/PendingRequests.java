package io.acomm.internal.tracker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.acomm.AcommException;
import io.acomm.Request;
import org.jspecify.annotations.Nullable;

/**
 * The requests a tracker keeps until their response or timeout, by id, with their timeouts on one
 * {@link TimeoutWheel}. Each tracked request is claimed exactly once: by its response ({@link #claim}), by its
 * timeout (handed to the expiry consumer on the wheel thread), or when the tracker stops ({@link #claimAll}).
 * <p>
 * It tracks between {@link #start()} and {@link #drain}; draining refuses new requests and waits for the tracked
 * ones to be claimed; {@link #stop()} stops the wheel. A stopped table can be started again.
 */
public final class PendingRequests {

    private static final int WHEEL_SIZE = 1024;

    private enum State { STOPPED, TRACKING, DRAINING }

    private final Duration defaultTimeout;
    private final Duration resolution;
    private final Consumer<TrackedRequest> onTimeout;
    private final ConcurrentHashMap<String, TrackedRequest> requests = new ConcurrentHashMap<>();
    private final Object drainMonitor = new Object();
    private volatile State state = State.STOPPED;
    private volatile TimeoutWheel<TrackedRequest> wheel;

    /**
     * @param defaultTimeout the timeout of requests tracked without one
     * @param resolution the tick of the timing wheel: timeouts fire up to this much late
     * @param onTimeout receives each request whose timeout passed, once it is no longer tracked, on the wheel thread
     */
    public PendingRequests(Duration defaultTimeout, Duration resolution, Consumer<TrackedRequest> onTimeout) {
        this.defaultTimeout = defaultTimeout;
        this.resolution = resolution;
        this.onTimeout = onTimeout;
    }

    /**
     * Starts the timing wheel and accepts requests.
     */
    public void start() {
        this.wheel = new TimeoutWheel<>(this.resolution.toNanos(), WHEEL_SIZE, this::expire,
                "acomm-tracker-timeouts").start();
        this.state = State.TRACKING;
    }

    /**
     * Refuses new requests and waits until every tracked one has been claimed or the deadline passes.
     * @param deadlineNanos the deadline on the {@link System#nanoTime()} scale, {@link Long#MAX_VALUE} for none
     */
    public void drain(long deadlineNanos) {
        this.state = State.DRAINING;
        synchronized (this.drainMonitor) {
            while (!this.requests.isEmpty()) {
                long waitMillis = deadlineNanos == Long.MAX_VALUE ? 0
                        : TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
                if (deadlineNanos != Long.MAX_VALUE && waitMillis <= 0) {
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

    /**
     * Stops the timing wheel; requests tracked are left for {@link #claimAll}.
     */
    public void stop() {
        this.state = State.STOPPED;
        this.wheel.stop();
    }

    /**
     * Tracks a request until it is claimed or its timeout passes.
     * @param request the request, with an id
     * @param origin where it came from
     * @param timeout how long to wait for its response, {@code null} for the default
     * @param quickCallbacks whether its callbacks only complete a future, safe to run on any thread
     * @throws AcommException if requests are not accepted now or the id is already tracked
     */
    public void track(Request request, TrackedRequest.Origin origin, @Nullable Duration timeout,
            boolean quickCallbacks) {
        track(request, origin, timeout, quickCallbacks, null);
    }

    /**
     * Tracks a request the tracker sent until it is claimed or its timeout passes, with the observation of its send.
     * @param request the request, with an id
     * @param origin where it came from
     * @param timeout how long to wait for its response, {@code null} for the default
     * @param quickCallbacks whether its callbacks only complete a future, safe to run on any thread
     * @param observation the observation of its send, ended by whoever claims it, or {@code null}
     * @throws AcommException if requests are not accepted now or the id is already tracked
     */
    void track(Request request, TrackedRequest.Origin origin, @Nullable Duration timeout, boolean quickCallbacks,
            @Nullable RequestObservation observation) {
        Objects.requireNonNull(request, "request");
        if (request.id() == null || request.id().isEmpty()) {
            throw new IllegalArgumentException("cannot track a request without an id");
        }
        Duration effective = timeout == null ? this.defaultTimeout : timeout;
        if (effective.isNegative() || effective.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + effective);
        }
        State current = this.state;
        TimeoutWheel<TrackedRequest> currentWheel = this.wheel;
        if (current != State.TRACKING) {
            throw new AcommException("cannot track request " + request.id() + ": the tracker is "
                    + (current == State.DRAINING ? "stopping" : "not started"));
        }
        TrackedRequest tracked = new TrackedRequest(request, origin, System.nanoTime(), quickCallbacks, observation);
        if (this.requests.putIfAbsent(request.id(), tracked) != null) {
            throw new AcommException("request already tracked: " + request.id());
        }
        currentWheel.schedule(tracked, tracked.trackedAtNanos() + effective.toNanos());
    }

    /**
     * Stops tracking a request; its timeout is cancelled.
     * @param id the request id, or {@code null}
     * @return the request, or {@code null} if none is tracked under that id (or it was claimed already)
     */
    public @Nullable TrackedRequest claim(@Nullable String id) {
        TrackedRequest tracked = id == null ? null : this.requests.remove(id);
        if (tracked != null) {
            released(tracked);
        }
        return tracked;
    }

    /**
     * Stops tracking a request only if it came from the given origin.
     * @param id the request id, or {@code null}
     * @param origin the origin it must have
     * @return the request, or {@code null} if none from that origin is tracked under that id
     */
    public @Nullable TrackedRequest claim(@Nullable String id, TrackedRequest.Origin origin) {
        TrackedRequest tracked = id == null ? null : this.requests.get(id);
        if (tracked == null || tracked.origin() != origin || !this.requests.remove(id, tracked)) {
            return null;
        }
        released(tracked);
        return tracked;
    }

    /**
     * Claims every request still tracked.
     * @return the requests claimed
     */
    public List<TrackedRequest> claimAll() {
        List<TrackedRequest> claimed = new ArrayList<>();
        for (String id : this.requests.keySet()) {
            TrackedRequest tracked = claim(id);
            if (tracked != null) {
                claimed.add(tracked);
            }
        }
        return claimed;
    }

    /**
     * Tracks a claimed request again with its original deadline, as when the ack of its response could not be
     * written and the sender will retry. Nothing happens if the id was tracked anew meanwhile.
     * @param claimed the request as it was claimed
     */
    public void trackAgain(TrackedRequest claimed) {
        TrackedRequest again = claimed.again();
        if (this.requests.putIfAbsent(again.request().id(), again) == null) {
            this.wheel.schedule(again, this.wheel.deadlineNanos(claimed));
        }
    }

    /**
     * @return how many requests are tracked
     */
    public int size() {
        return this.requests.size();
    }

    /**
     * What follows claiming a request: its timeout is cancelled, and a drain waiting for the last one is told.
     */
    private void released(TrackedRequest tracked) {
        this.wheel.cancel(tracked);
        signalIfDrained();
    }

    private void signalIfDrained() {
        if (this.state == State.DRAINING && this.requests.isEmpty()) {
            synchronized (this.drainMonitor) {
                this.drainMonitor.notifyAll();
            }
        }
    }

    private void expire(TrackedRequest tracked) {
        if (this.requests.remove(tracked.request().id(), tracked)) {
            signalIfDrained();
            this.onTimeout.accept(tracked);
        }
    }
}
