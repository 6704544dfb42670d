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

    private final AcommRequestContext context;
    private final Observation observation;

    RequestObservation(AcommRequestContext context, Observation observation) {
        this.context = context;
        this.observation = observation;
    }

    /**
     * @return the request to send: the one given, with the trace context of the observation when it propagates
     */
    Request outgoing() {
        return this.context.getCarrier().build();
    }

    Observation observation() {
        return this.observation;
    }

    /**
     * Ends the observation with the request's response, real or the tracker's own.
     */
    void answered(Response response, TrackerObserver.Outcome outcome) {
        this.context.setResponse(response);
        this.context.setOutcome(outcome);
        this.observation.stop();
    }

    /**
     * Ends the observation of a request that got no response: it could not be sent or tracked, its caller stopped
     * waiting, or the application took it back.
     * @param cause why, or {@code null}
     */
    void failed(@Nullable Throwable cause) {
        this.context.setOutcome(TrackerObserver.Outcome.ERROR);
        if (cause != null) {
            this.observation.error(cause);
        }
        this.observation.stop();
    }
}
