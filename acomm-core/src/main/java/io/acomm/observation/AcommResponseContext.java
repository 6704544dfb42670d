package io.acomm.observation;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.TrackerObserver;
import io.micrometer.observation.Observation;

/**
 * The context of an {@link AcommObservation#RESPONSE} observation: a response a tracker handles, the request it
 * answers, how that request ended, and whether the tracker proxied the request for a peer (whose task name the peer
 * chose).
 */
public class AcommResponseContext extends Observation.Context {

    private final Request request;
    private final Response response;
    private final TrackerObserver.Outcome outcome;
    private final boolean proxied;

    /**
     * @param request the request answered (for a proxied request, the original)
     * @param response the response, real or the tracker's own
     * @param outcome how the request ended
     * @param proxied whether the tracker proxied the request for a peer
     */
    public AcommResponseContext(Request request, Response response, TrackerObserver.Outcome outcome,
            boolean proxied) {
        this.request = request;
        this.response = response;
        this.outcome = outcome;
        this.proxied = proxied;
    }

    /**
     * @return the request answered
     */
    public Request getRequest() {
        return this.request;
    }

    /**
     * @return the response handled
     */
    public Response getResponse() {
        return this.response;
    }

    /**
     * @return how the request ended
     */
    public TrackerObserver.Outcome getOutcome() {
        return this.outcome;
    }

    /**
     * @return whether the tracker proxied the request for a peer
     */
    public boolean isProxied() {
        return this.proxied;
    }
}
