package io.acomm.internal.tracker;

import java.net.URI;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.TrackerObserver;
import io.acomm.observation.AcommObservation;
import io.acomm.observation.AcommRequestContext;
import io.acomm.observation.AcommRequestObservationConvention;
import io.acomm.observation.AcommResponseContext;
import io.acomm.observation.AcommResponseObservationConvention;
import io.acomm.observation.DefaultAcommRequestObservationConvention;
import io.acomm.observation.DefaultAcommResponseObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A tracker's observations: the {@link AcommObservation#REQUEST} observation of each request it sends, which writes
 * the trace context into the request that goes out, and the {@link AcommObservation#RESPONSE} observation of each
 * response it handles, a child of the request's when the tracker sent the request. A convention given replaces the
 * default one; without one, a global convention of the registry does.
 */
public final class TrackerObservations {

    private final ObservationRegistry registry;
    private final boolean propagate;
    private final @Nullable AcommRequestObservationConvention requestConvention;
    private final AcommRequestObservationConvention defaultRequestConvention =
            new DefaultAcommRequestObservationConvention();
    private final @Nullable AcommResponseObservationConvention responseConvention;
    private final AcommResponseObservationConvention defaultResponseConvention =
            new DefaultAcommResponseObservationConvention();

    /**
     * @param registry where the observations go
     * @param propagate whether requests carry their trace context
     * @param requestConvention replaces the default convention of the request observations, or {@code null}
     * @param responseConvention replaces the default convention of the response observations, or {@code null}
     */
    public TrackerObservations(ObservationRegistry registry, boolean propagate,
            @Nullable AcommRequestObservationConvention requestConvention,
            @Nullable AcommResponseObservationConvention responseConvention) {
        this.registry = registry;
        this.propagate = propagate;
        this.requestConvention = requestConvention;
        this.responseConvention = responseConvention;
    }

    /**
     * Starts the observation of a request about to be sent, a child of the caller's current observation.
     * @param request the request, its hook the tracker's
     * @param destination where it goes
     * @return the started observation, which holds the request to encode and send
     */
    RequestObservation startRequest(Request request, URI destination) {
        if (this.registry.isNoop()) {
            // nothing observed: the request goes as it is, without trace context unless it propagates
            return RequestObservation.unobserved(this.propagate ? request : request.withoutTraceContext());
        }
        AcommRequestContext context = new AcommRequestContext(request, destination, this.propagate);
        Observation observation = AcommObservation.REQUEST.start(this.requestConvention,
                this.defaultRequestConvention, () -> context, this.registry);
        return new RequestObservation(context, observation);
    }

    /**
     * @param tracked the request answered
     * @param response its response
     * @param outcome how the request ended
     * @return the observation of the response's handling, not started
     */
    Observation response(TrackedRequest tracked, Response response, TrackerObserver.Outcome outcome) {
        Observation observation = AcommObservation.RESPONSE.observation(this.responseConvention,
                this.defaultResponseConvention,
                () -> new AcommResponseContext(tracked.request(), response, outcome, tracked.isProxied()),
                this.registry);
        RequestObservation sent = tracked.observation();
        return sent == null ? observation : observation.parentObservation(sent.observation());
    }
}
