package io.acomm.observation;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.internal.json.WireTraceContext;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.RequestReplyReceiverContext;
import org.jspecify.annotations.Nullable;

/**
 * The context of an {@link AcommObservation#TASK} observation: the request a provider serves, whether it serves the
 * request's task, and once it ended the response. Its carrier is the request: a tracer's propagating handler reads the
 * caller's W3C {@code traceparent} and {@code tracestate} from it, so that the task continues the caller's trace.
 * Without propagation they are not read, and each task starts a trace of its own.
 */
public class AcommTaskContext extends RequestReplyReceiverContext<Request, Response> {

    private final boolean knownTask;

    /**
     * @param request the request served
     * @param knownTask whether the provider serves its task
     * @param propagate whether the caller's trace context is read
     */
    public AcommTaskContext(Request request, boolean knownTask, boolean propagate) {
        super(propagate ? AcommTaskContext::readTraceContext : (carrier, key) -> null, Kind.SERVER);
        this.knownTask = knownTask;
        setCarrier(request);
    }

    private static @Nullable String readTraceContext(Request carrier, String key) {
        if (WireTraceContext.TRACEPARENT.equals(key)) {
            return carrier.traceParent();
        }
        return WireTraceContext.TRACESTATE.equals(key) ? carrier.traceState() : null;
    }

    /**
     * @return the request served
     */
    public Request getRequest() {
        return getCarrier();
    }

    /**
     * @return whether the provider serves the request's task; an unknown task is answered with an error
     */
    public boolean isKnownTask() {
        return this.knownTask;
    }
}
