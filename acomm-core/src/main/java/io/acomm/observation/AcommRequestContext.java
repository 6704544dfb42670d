package io.acomm.observation;

import java.net.URI;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.TrackerObserver;
import io.acomm.internal.json.WireTraceContext;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.RequestReplySenderContext;
import org.jspecify.annotations.Nullable;

/**
 * The context of an {@link AcommObservation#REQUEST} observation: the request a tracker sends, where to, and once it
 * ended its response and outcome. Its carrier is a builder of the request that goes out: a tracer's propagating
 * handler writes the W3C {@code traceparent} and {@code tracestate} into it when the observation starts, before the
 * request is encoded (other propagation fields, such as baggage or B3, do not travel). Without propagation the
 * request goes out without trace context, whatever the request given carried.
 */
public class AcommRequestContext extends RequestReplySenderContext<Request.Builder, Response> {

    private final Request request;
    private final URI destination;
    private TrackerObserver.@Nullable Outcome outcome;

    /**
     * @param request the request to send, its hook the tracker's
     * @param destination where it is sent
     * @param propagate whether its trace context travels with it
     */
    public AcommRequestContext(Request request, URI destination, boolean propagate) {
        super(propagate ? AcommRequestContext::writeTraceContext : (carrier, key, value) -> { }, Kind.CLIENT);
        this.request = request;
        this.destination = destination;
        setCarrier((propagate ? request : request.withoutTraceContext()).toBuilder());
    }

    private static void writeTraceContext(Request.@Nullable Builder carrier, String key, String value) {
        if (carrier == null) {
            return;
        }
        if (WireTraceContext.TRACEPARENT.equals(key)) {
            carrier.traceParent(value);
        }
        else if (WireTraceContext.TRACESTATE.equals(key)) {
            carrier.traceState(value);
        }
    }

    /**
     * @return the request as it was given to be sent, without the trace context the observation adds
     */
    public Request getRequest() {
        return this.request;
    }

    /**
     * @return where the request is sent
     */
    public URI getDestination() {
        return this.destination;
    }

    /**
     * @return how the request ended, or {@code null} while it waits for its response
     */
    public TrackerObserver.@Nullable Outcome getOutcome() {
        return this.outcome;
    }

    /**
     * @param outcome how the request ended
     */
    public void setOutcome(TrackerObserver.Outcome outcome) {
        this.outcome = outcome;
    }
}
