package io.acomm.internal.tracker;

import java.time.Duration;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.TrackerObserver;
import org.jspecify.annotations.Nullable;

/**
 * A request a tracker keeps until its response or timeout: the request, where it came from, when it was tracked, and
 * the observation of its send when the tracker sent it. It is its own node in the {@link TimeoutWheel}, so tracking
 * allocates one small object.
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
    private final @Nullable RequestObservation observation;

    TrackedRequest(Request request, Origin origin, long trackedAtNanos, boolean quickCallbacks,
            @Nullable RequestObservation observation) {
        this.request = request;
        this.origin = origin;
        this.trackedAtNanos = trackedAtNanos;
        this.quickCallbacks = quickCallbacks;
        this.observation = observation;
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
        return new TrackedRequest(this.request, this.origin, this.trackedAtNanos, this.quickCallbacks,
                this.observation);
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
        return this.origin != Origin.LOCAL;
    }
}
