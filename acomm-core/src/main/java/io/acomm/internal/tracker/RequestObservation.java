package io.acomm.internal.tracker;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.TrackerObserver;
import io.acomm.observation.AcommRequestContext;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The started {@link io.acomm.observation.AcommObservation#REQUEST} observation of a request a tracker sent, kept with
 * the tracked request: whoever claims the request ends it, once.
 */
final class RequestObservation {

    private final @Nullable AcommRequestContext context;
    private final Observation observation;
    private final @Nullable Request unobserved;

    RequestObservation(AcommRequestContext context, Observation observation) {
        this.context = context;
        this.observation = observation;
        this.unobserved = null;
    }

    private RequestObservation(Request unobserved) {
        this.context = null;
        this.observation = Observation.NOOP;
        this.unobserved = unobserved;
    }

    /**
     * @param outgoing the request to send as it is
     * @return the stand-in of a tracker without an observation registry: no context, nothing observed
     */
    static RequestObservation unobserved(Request outgoing) {
        return new RequestObservation(outgoing);
    }

    /**
     * @return the request to send: the one given, with the trace context of the observation when it propagates
     */
    Request outgoing() {
        return this.context != null ? this.context.getCarrier().build() : this.unobserved;
    }

    Observation observation() {
        return this.observation;
    }

    /**
     * Ends the observation with the request's response, real or the tracker's own.
     */
    void answered(Response response, TrackerObserver.Outcome outcome) {
        if (this.context != null) {
            this.context.setResponse(response);
            this.context.setOutcome(outcome);
        }
        this.observation.stop();
    }

    /**
     * Ends the observation of a request that got no response: it could not be sent or tracked, its caller stopped
     * waiting, or the application took it back.
     * @param cause why, or {@code null}
     */
    void failed(@Nullable Throwable cause) {
        if (this.context != null) {
            this.context.setOutcome(TrackerObserver.Outcome.ERROR);
        }
        if (cause != null) {
            this.observation.error(cause);
        }
        this.observation.stop();
    }
}
