package io.acomm.internal.tracker;

import java.time.Duration;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.TrackerObserver;
import org.jspecify.annotations.Nullable;

/**
 * A request a tracker keeps until its response or timeout: the request, where it came from, when it was tracked, and
 * the observation of its send when the tracker sent it. It is its own node in the {@link TimeoutWheel}, so tracking
 * allocates one small object: 56 bytes with compressed references, its origin and whether its callbacks are quick kept
 * together in one byte.
 */
public final class TrackedRequest extends TimeoutWheel.Node {

    /** Where a tracked request came from, which decides what its response is for. */
    public enum Origin {
        /** Made in this process: the response runs its callbacks. */
        LOCAL,
        /** Proxied for a peer to local services: the response is forwarded to the original hook. */
        PROXY_UNIX,
        /** Proxied to an external host: the response comes back over HTTP and is forwarded. */
        PROXY_EXTERNAL
    }

    private static final Origin[] ORIGINS = Origin.values();

    /** The bit of {@link #kind} set when the callbacks are quick; the bits below it hold the origin's ordinal. */
    private static final int QUICK_CALLBACKS = 1 << 2;

    private final Request request;
    private final long trackedAtNanos;
    private final @Nullable RequestObservation observation;
    private final byte kind;

    TrackedRequest(Request request, Origin origin, long trackedAtNanos, boolean quickCallbacks,
            @Nullable RequestObservation observation) {
        this.request = request;
        this.trackedAtNanos = trackedAtNanos;
        this.observation = observation;
        this.kind = (byte) (origin.ordinal() | (quickCallbacks ? QUICK_CALLBACKS : 0));
    }

    /**
     * @return the request as it was tracked (for a proxied request, the original)
     */
    public Request request() {
        return this.request;
    }

    Origin origin() {
        return ORIGINS[this.kind & (QUICK_CALLBACKS - 1)];
    }

    long trackedAtNanos() {
        return this.trackedAtNanos;
    }

    /**
     * @return how long ago it was first tracked
     */
    public Duration age() {
        return Duration.ofNanos(System.nanoTime() - this.trackedAtNanos);
    }

    /**
     * @return whether the callbacks are the tracker's own quick ones (completing a future), safe to run on any thread
     */
    boolean quickCallbacks() {
        return (this.kind & QUICK_CALLBACKS) != 0;
    }

    /**
     * @return a new node for the same request, to track it again after it was claimed
     */
    TrackedRequest again() {
        return new TrackedRequest(this.request, origin(), this.trackedAtNanos, quickCallbacks(), this.observation);
    }

    /**
     * @return the observation of the request's send, {@code null} unless the tracker sent it
     */
    @Nullable RequestObservation observation() {
        return this.observation;
    }

    /**
     * Ends the observation of the request's send, if any, with its response: called once, by whoever handles it.
     */
    void answered(Response response, TrackerObserver.Outcome outcome) {
        if (this.observation != null) {
            this.observation.answered(response, outcome);
        }
    }

    /**
     * Ends the observation of the request's send, if any, for a request claimed without a response: its send failed,
     * its caller stopped waiting, or the application took it back.
     * @param cause why, or {@code null}
     */
    public void abandoned(@Nullable Throwable cause) {
        if (this.observation != null) {
            this.observation.failed(cause);
        }
    }

    boolean isProxied() {
        return origin() != Origin.LOCAL;
    }
}
