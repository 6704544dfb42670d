package io.acomm.internal.tracker;

import java.time.Duration;

import io.acomm.Request;

/**
 * A request a tracker keeps until its response or timeout: the request, where it came from, and when it was tracked.
 * It is its own node in the {@link TimeoutWheel}, so tracking allocates one small object.
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

    private final Request request;
    private final Origin origin;
    private final long trackedAtNanos;
    private final boolean quickCallbacks;

    TrackedRequest(Request request, Origin origin, long trackedAtNanos, boolean quickCallbacks) {
        this.request = request;
        this.origin = origin;
        this.trackedAtNanos = trackedAtNanos;
        this.quickCallbacks = quickCallbacks;
    }

    /**
     * @return the request as it was tracked (for a proxied request, the original)
     */
    public Request request() {
        return this.request;
    }

    Origin origin() {
        return this.origin;
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
        return this.quickCallbacks;
    }

    /**
     * @return a new node for the same request, to track it again after it was claimed
     */
    TrackedRequest again() {
        return new TrackedRequest(this.request, this.origin, this.trackedAtNanos, this.quickCallbacks);
    }

    boolean isProxied() {
        return this.origin != Origin.LOCAL;
    }
}
