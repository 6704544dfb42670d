package io.acomm;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Gathers the responses of several requests tracked together, each under a name: add the requests, send them, then
 * {@link #responses()} waits until every one has its response (or its timeout) and returns them by name.
 * Thread-safe.
 */
public final class MultiRequest {

    private final Tracker tracker;
    private final Duration timeout;
    private final Map<String, String> namesById = new HashMap<>();
    private final Map<String, Response> responses = new LinkedHashMap<>();
    private int pending;

    /**
     * @param tracker the tracker that tracks the requests
     * @param timeout the timeout of each request ({@code null} for the tracker's default)
     */
    public MultiRequest(Tracker tracker, @Nullable Duration timeout) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.timeout = timeout;
    }

    /**
     * Tracks a request under a name. Send the returned request (or the original: they are the same on the wire).
     * @param name the name its response will be found under
     * @param request the request; its callbacks are replaced
     * @return the tracked request
     * @throws IllegalArgumentException if the name or the request was added before
     * @throws AcommException if the tracker cannot track it
     */
    public Request addRequest(String name, Request request) {
        Objects.requireNonNull(name, "name");
        ResponseCallback record = (answered, response) -> record(answered.id(), response);
        Request tracked = request.withCallbacks(record, record);
        synchronized (this) {
            if (this.namesById.containsValue(name) || this.responses.containsKey(name)) {
                throw new IllegalArgumentException("a request named '" + name + "' was already added");
            }
            if (this.namesById.containsKey(request.id())) {
                throw new IllegalArgumentException("request " + request.id() + " was already added");
            }
            this.tracker.trackRequest(tracked, this.timeout);
            this.namesById.put(request.id(), name);
            this.pending++;
        }
        return tracked;
    }

    /**
     * Stops waiting for a request, for example because its send failed; it is no longer tracked.
     * @param request the request
     */
    public void removeRequest(Request request) {
        this.tracker.removeRequest(request);
        synchronized (this) {
            if (this.namesById.remove(request.id()) != null) {
                this.pending--;
                notifyAll();
            }
        }
    }

    private synchronized void record(String id, Response response) {
        String name = this.namesById.remove(id);
        if (name != null) {
            this.responses.put(name, response);
            this.pending--;
            notifyAll();
        }
    }

    /**
     * Waits until every added request has its response or timeout.
     * @return the responses by name, in the order they arrived
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized Map<String, Response> responses() throws InterruptedException {
        while (this.pending > 0) {
            wait();
        }
        return new LinkedHashMap<>(this.responses);
    }
}
