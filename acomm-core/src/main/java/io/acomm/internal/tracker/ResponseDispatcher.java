package io.acomm.internal.tracker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.ResponseCallback;
import io.acomm.TrackerObserver;
import io.acomm.internal.util.LogText;
import io.acomm.internal.util.WorkerPools;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the response of a claimed request: runs the request's callback for its outcome (or the fallback callback
 * when it has none), or forwards the response of a proxied request, then tells the observers. Work is handed to the
 * handler executor (the tracker's own pool, or one the application gives), so that no callback runs on a thread that
 * serves other peers; only the tracker's own quick callbacks, which complete a future, run where the response was
 * read. Handling a response ends the observation of the request's send and is observed itself
 * ({@link TrackerObservations}), the callback or forward within that observation. Each response that came in is
 * logged at DEBUG.
 */
public final class ResponseDispatcher {

    private static final Logger logger = LoggerFactory.getLogger(ResponseDispatcher.class);

    private final ResponseCallback fallbackCallback;
    private final List<TrackerObserver> observers;
    private final RequestProxy proxy;
    private final TrackerObservations observations;
    private final Executor configuredExecutor;
    private final int handlerThreads;
    private volatile Executor executor;
    private ExecutorService ownedExecutor;

    /**
     * @param fallbackCallback handles responses to local requests that have no callback for their outcome, or
     *     {@code null}
     * @param observers told of every response handled
     * @param proxy forwards the responses of proxied requests
     * @param observations observe the handling of each response
     * @param configuredExecutor the application's handler executor, or {@code null} for a pool of the dispatcher's
     *     own
     * @param handlerThreads the size of the dispatcher's own pool
     */
    public ResponseDispatcher(@Nullable ResponseCallback fallbackCallback, List<TrackerObserver> observers,
            RequestProxy proxy, TrackerObservations observations, @Nullable Executor configuredExecutor,
            int handlerThreads) {
        this.fallbackCallback = fallbackCallback;
        this.observers = List.copyOf(observers);
        this.proxy = proxy;
        this.observations = observations;
        this.configuredExecutor = configuredExecutor;
        this.handlerThreads = handlerThreads;
    }

    /**
     * Makes the handler executor ready: the configured one, or a new pool of the dispatcher's own.
     */
    public void start() {
        this.ownedExecutor = this.configuredExecutor != null ? null
                : WorkerPools.newPool("acomm-tracker-handler-", this.handlerThreads);
        this.executor = this.ownedExecutor != null ? this.ownedExecutor : this.configuredExecutor;
    }

    /**
     * Shuts its own pool down and waits for the handlers running until the deadline, but at least a second; the
     * handlers still running then are interrupted. A configured executor is left to its owner.
     * @param deadlineNanos the deadline on the {@link System#nanoTime()} scale, {@link Long#MAX_VALUE} for none
     */
    public void stop(long deadlineNanos) {
        ExecutorService owned = this.ownedExecutor;
        if (owned == null) {
            return;
        }
        owned.shutdown();
        long grace = TimeUnit.SECONDS.toNanos(1);
        long wait = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE
                : Math.max(grace, deadlineNanos - System.nanoTime());
        try {
            if (!owned.awaitTermination(wait, TimeUnit.NANOSECONDS)) {
                logger.warn("acomm tracker stopped while response handlers were still running; interrupting them");
                owned.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            owned.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Handles a response that came in (and was acked): at once when the request's callbacks are quick, on the
     * handler executor otherwise.
     * @param tracked the claimed request
     * @param response its response
     */
    public void received(TrackedRequest tracked, Response response) {
        if (logger.isDebugEnabled()) {
            Request request = tracked.request();
            logger.debug("acomm response to {}request {} (task '{}') received: {}, {} ms after it was sent",
                    tracked.isProxied() ? "proxied " : "", LogText.oneLine(request.id()),
                    LogText.oneLine(request.task()),
                    response.isError() ? "error: " + LogText.oneLine(String.valueOf(response.error())) : "success",
                    tracked.age().toMillis());
        }
        if (tracked.quickCallbacks()) {
            handle(tracked, response, outcomeOf(response));
        }
        else {
            handleOnExecutor(tracked, response, outcomeOf(response));
        }
    }

    /**
     * Handles a response on the handler executor (on the calling thread if it is shutting down).
     * @param tracked the claimed request
     * @param response its response, real or the tracker's own
     * @param outcome how the request ended
     */
    public void handleOnExecutor(TrackedRequest tracked, Response response, TrackerObserver.Outcome outcome) {
        WorkerPools.execute(this.executor, () -> handle(tracked, response, outcome));
    }

    /**
     * Handles a response on the calling thread.
     * @param tracked the claimed request
     * @param response its response, real or the tracker's own
     * @param outcome how the request ended
     */
    public void handle(TrackedRequest tracked, Response response, TrackerObserver.Outcome outcome) {
        tracked.answered(response, outcome);
        Observation observation = this.observations.response(tracked, response, outcome);
        observation.observe(() -> {
            if (tracked.isProxied()) {
                this.proxy.forward(tracked, response);
            }
            else {
                Throwable failure = runCallback(tracked.request(), response);
                if (failure != null) {
                    observation.error(failure);
                }
            }
        });
        if (!this.observers.isEmpty()) {
            observe(tracked, response, outcome);
        }
    }

    private static TrackerObserver.Outcome outcomeOf(Response response) {
        return response.isError() ? TrackerObserver.Outcome.ERROR : TrackerObserver.Outcome.SUCCESS;
    }

    /**
     * @return what the callback threw, logged, or {@code null}
     */
    private @Nullable Throwable runCallback(Request request, Response response) {
        ResponseCallback callback = response.isError() ? request.onError() : request.onSuccess();
        if (callback == null) {
            callback = this.fallbackCallback;
        }
        if (callback == null) {
            logger.debug("acomm response {} has no callback", response);
            return null;
        }
        try {
            callback.handle(request, response);
            return null;
        }
        catch (RuntimeException | Error ex) {
            logger.warn("acomm response callback failed for request {} (task '{}'): {}", request.id(),
                    request.task(), ex.toString(), ex);
            return ex;
        }
    }

    private void observe(TrackedRequest tracked, Response response, TrackerObserver.Outcome outcome) {
        Duration latency = Duration.ofNanos(System.nanoTime() - tracked.trackedAtNanos());
        for (TrackerObserver observer : this.observers) {
            try {
                if (tracked.isProxied()) {
                    observer.proxiedResponseHandled(tracked.request(), response, outcome, latency);
                }
                else {
                    observer.responseHandled(tracked.request(), response, outcome, latency);
                }
            }
            catch (RuntimeException ex) {
                logger.warn("acomm tracker observer {} failed: {}", observer, ex.toString());
            }
        }
    }
}
