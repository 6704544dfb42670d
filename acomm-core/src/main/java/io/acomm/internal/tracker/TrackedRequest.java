package io.acomm;

import io.acomm.internal.tracker.TimeoutWheel;

/**
 * A request a {@link Tracker} keeps until its response or timeout: the request, where it came from, and when it was
 * tracked. It is its own node in the tracker's {@link TimeoutWheel}, so tracking allocates one small object.
 */
final class TrackedRequest extends TimeoutWheel.Node {

    /** Where a tracked request came from, which decides what its response is for. */
    enum Origin {
        /** Made in this process: the response runs its callbacks. */
        LOCAL,
        /** Proxied by {@link Tracker#proxyUnix}: the response is forwarded to the original hook. */
        PROXY_UNIX,
        /** Proxied by {@link Tracker#proxyExternal}: the response comes back over HTTP and is forwarded. */
        PROXY_EXTERNAL
    }

    final Request request;
    final Origin origin;
    final long trackedAtNanos;
    /** Whether the callbacks are the tracker's own quick ones (completing a future), safe to run on any thread. */
    final boolean quickCallbacks;

    TrackedRequest(Request request, Origin origin, long trackedAtNanos, boolean quickCallbacks) {
        this.request = request;
        this.origin = origin;
        this.trackedAtNanos = trackedAtNanos;
        this.quickCallbacks = quickCallbacks;
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
