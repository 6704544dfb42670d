package io.acomm.sample;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Tracker;
import io.acomm.spring.boot.ResponseHandler;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Keeps the outcomes of requests sent with {@code POST /api/async/{task}}. Their responses arrive through the
 * {@link ResponseHandler} method below: the showcase of annotated response handling. A stream result is given as
 * the URL of the starter's HTTP stream endpoint. The most recent 10,000 outcomes are kept.
 */
@Component
public class AsyncOutcomes {

    private static final int CAPACITY = 10_000;

    /**
     * What became of an asynchronous request.
     *
     * @param status {@code pending}, {@code success} or {@code error}
     * @param task the task
     * @param result the result of a success
     * @param error the error of a failure
     * @param stream where the data of a stream result can be read: over HTTP for a stream of this application
     */
    public record Outcome(String status, String task, JsonNode result, String error, URI stream) {

        static Outcome pending(String task) {
            return new Outcome("pending", task, null, null, null);
        }
    }

    private final Tracker tracker;

    private final Map<String, Outcome> outcomes = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Outcome> eldest) {
            return size() > CAPACITY;
        }
    };

    public AsyncOutcomes(Tracker tracker) {
        this.tracker = tracker;
    }

    synchronized void pending(Request request) {
        this.outcomes.put(request.id(), Outcome.pending(request.task()));
    }

    synchronized void forget(Request request) {
        this.outcomes.remove(request.id());
    }

    /**
     * @param id a request id
     * @return its outcome, or {@code null} for an id this application did not send
     */
    public synchronized @Nullable Outcome get(String id) {
        return this.outcomes.get(id);
    }

    @ResponseHandler
    synchronized void received(Request request, Response response) {
        this.outcomes.put(request.id(), response.isError()
                ? new Outcome("error", request.task(), null, response.error(), null)
                : new Outcome("success", request.task(), response.rawResult(), null, readable(response.streamUrl())));
    }

    private URI readable(URI stream) {
        return stream != null && this.tracker.isOwnStream(stream) ? this.tracker.proxyStreamHttpUrl(stream) : stream;
    }
}
