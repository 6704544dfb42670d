package io.acomm.internal.tracker;

import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import io.acomm.AcommException;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.ResponseCallback;
import io.acomm.ResponseErrorException;
import io.acomm.ResponseTimeoutException;
import io.acomm.SendException;
import io.acomm.Sender;
import io.acomm.internal.util.LogText;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * The calls a tracker makes as a client: each sends a request whose hook is the tracker and tracks it, and its
 * response goes to the request's callbacks ({@link #trackAndSend}), to a future ({@link #send}) or to the caller
 * waiting for it ({@link #syncRequest}). A request is encoded before it is tracked, so one that cannot be encoded
 * leaves nothing tracked; its send ends within the caller's timeout; one whose send fails is no longer tracked.
 * Each request is observed from its send to its response ({@link TrackerObservations}), and the request that goes
 * out carries the observation's trace context. Each request sent is logged at DEBUG.
 * <p>
 * {@link #request} is the future's form of {@link #syncRequest}: both end with an exception for an error response
 * (a {@link ResponseTimeoutException} for a timeout the tracker made) and convert the result to a type if asked.
 */
public final class ClientCalls {

    private static final Logger logger = LoggerFactory.getLogger(ClientCalls.class);

    private final URI trackerUrl;
    private final Sender sender;
    private final Duration defaultTimeout;
    private final PendingRequests pending;
    private final TrackerObservations observations;

    /**
     * @param trackerUrl the tracker's response hook
     * @param sender encodes and sends the requests
     * @param defaultTimeout the timeout of calls made without one
     * @param pending tracks the requests
     * @param observations observe the requests sent
     */
    public ClientCalls(URI trackerUrl, Sender sender, Duration defaultTimeout, PendingRequests pending,
            TrackerObservations observations) {
        this.trackerUrl = trackerUrl;
        this.sender = sender;
        this.defaultTimeout = defaultTimeout;
        this.pending = pending;
        this.observations = observations;
    }

    /**
     * Sends a request and tracks it; the returned future completes with its response, on the thread that handles
     * the response.
     * @param destination where to send the request
     * @param request the request; its hook and callbacks are replaced
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the future response; it completes exceptionally with a {@link SendException} if the send fails
     * @throws AcommException if the request cannot be encoded; nothing is tracked then
     */
    public CompletableFuture<Response> send(URI destination, Request request, @Nullable Duration timeout) {
        CompletableFuture<Response> future = new CompletableFuture<>();
        ResponseCallback complete = (answered, response) -> future.complete(response);
        Request tracked = request.toBuilder().responseHook(this.trackerUrl).onSuccess(complete).onError(complete)
                .build();
        try {
            trackAndSendTracked(destination, tracked, timeout, true);
        }
        catch (SendException ex) {
            future.completeExceptionally(ex);
        }
        return future;
    }

    /**
     * Sends a request with the tracker as its hook and tracks it; its response runs the request's callbacks.
     * @param destination where to send the request
     * @param request the request
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the request as tracked and sent, with its trace context
     * @throws SendException if the send fails
     * @throws AcommException if the request cannot be encoded or tracked
     */
    public Request trackAndSend(URI destination, Request request, @Nullable Duration timeout) {
        return trackAndSendTracked(destination, request.withResponseHook(this.trackerUrl), timeout, false);
    }

    /**
     * Sends a request for a task and waits for its response.
     * @param destination where to send the request
     * @param task the task
     * @param args the arguments, or {@code null}
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the successful response
     * @throws ResponseTimeoutException if the request timed out
     * @throws ResponseErrorException carrying the error of an error response
     * @throws SendException if the request cannot be sent
     * @throws AcommException if the arguments cannot be encoded or the wait is interrupted
     */
    public Response syncRequest(URI destination, String task, @Nullable Object args, @Nullable Duration timeout) {
        Request request = newRequest(task, args).build();
        Response response;
        try {
            response = send(destination, request, timeout).get();
        }
        catch (InterruptedException ex) {
            abandon(request.id(), ex);
            Thread.currentThread().interrupt();
            throw new AcommException("interrupted while waiting for the response to " + request.id(), ex);
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AcommException(ex.getCause().getMessage(), ex.getCause());
        }
        return successful(response);
    }

    /**
     * Sends a request for a task, waits for its response and converts its result.
     * @param destination where to send the request
     * @param task the task
     * @param args the arguments, or {@code null}
     * @param resultType the type of the result
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @param <T> the type of the result
     * @return the result, {@code null} when there is none
     * @throws ResponseErrorException as {@link #syncRequest(URI, String, Object, Duration)} throws it
     * @throws AcommException if the result cannot be converted, or as
     *     {@link #syncRequest(URI, String, Object, Duration)} throws it
     */
    public <T> @Nullable T syncRequest(URI destination, String task, @Nullable Object args, Type resultType,
            @Nullable Duration timeout) {
        return result(task, syncRequest(destination, task, args, timeout), resultType);
    }

    /**
     * Sends a request for a task; the returned future completes with its successful response, on the handler
     * executor.
     * @param destination where to send the request
     * @param task the task
     * @param args the arguments, or {@code null}
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the future response; it completes exceptionally with what {@link #syncRequest} throws
     * @throws AcommException if the arguments cannot be encoded; nothing is tracked then
     */
    public CompletableFuture<Response> request(URI destination, String task, @Nullable Object args,
            @Nullable Duration timeout) {
        return request(destination, task, args, timeout, Function.identity());
    }

    /**
     * Sends a request for a task; the returned future completes with its result, converted on the handler executor.
     * @param destination where to send the request
     * @param task the task
     * @param args the arguments, or {@code null}
     * @param resultType the type of the result
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @param <T> the type of the result
     * @return the future result; it completes exceptionally with what {@link #syncRequest} throws
     * @throws AcommException if the arguments cannot be encoded; nothing is tracked then
     */
    public <T> CompletableFuture<@Nullable T> request(URI destination, String task, @Nullable Object args,
            Type resultType, @Nullable Duration timeout) {
        return request(destination, task, args, timeout, response -> result(task, response, resultType));
    }

    /**
     * Sends a request whose callbacks, run on the handler executor, complete the future with what becomes of its
     * successful response, or exceptionally.
     */
    private <T> CompletableFuture<T> request(URI destination, String task, @Nullable Object args,
            @Nullable Duration timeout, Function<Response, T> outcome) {
        CompletableFuture<T> future = new CompletableFuture<>();
        ResponseCallback complete = (answered, response) -> {
            try {
                future.complete(outcome.apply(successful(response)));
            }
            catch (RuntimeException ex) {
                future.completeExceptionally(ex);
            }
        };
        try {
            trackAndSendTracked(destination, newRequest(task, args).onSuccess(complete).onError(complete).build(),
                    timeout, false);
        }
        catch (SendException ex) {
            future.completeExceptionally(ex);
        }
        return future;
    }

    private Request.Builder newRequest(String task, @Nullable Object args) {
        return Request.builder().task(task).responseHook(this.trackerUrl).args(args).json(this.sender.json());
    }

    /**
     * @return the response, if it is a success
     * @throws ResponseTimeoutException if it is the tracker's answer to a request that timed out
     * @throws ResponseErrorException if it is any other error response
     */
    private static Response successful(Response response) {
        if (response.isTimeout()) {
            throw new ResponseTimeoutException(response);
        }
        if (response.isError()) {
            throw new ResponseErrorException(response);
        }
        return response;
    }

    /**
     * @return the result of a successful response converted to a type, {@code null} when there is none
     * @throws AcommException naming the request, its task and the type if the result cannot be converted
     */
    private static <T> @Nullable T result(String task, Response response, Type type) {
        try {
            return response.result(response.json().mapper().constructType(type));
        }
        catch (IllegalArgumentException ex) {
            String reason = ex.getCause() instanceof JacksonException jackson ? jackson.getOriginalMessage()
                    : ex.getMessage();
            throw new AcommException("cannot convert the result of request " + response.id() + " (task '" + task
                    + "') to " + type.getTypeName() + ": " + reason, ex);
        }
    }

    /**
     * Starts the observation of a request whose hook is already the tracker, then tracks and sends the request.
     * @return the request as tracked and sent, with the trace context of the observation
     */
    private Request trackAndSendTracked(URI destination, Request request, @Nullable Duration timeout,
            boolean quickCallbacks) {
        RequestObservation observation = this.observations.startRequest(request, destination);
        Request tracked = observation.outgoing();
        byte[] encoded;
        try {
            // encoded first: arguments that cannot be encoded fail here, before anything is tracked
            encoded = this.sender.json().encode(tracked);
            this.pending.track(tracked, TrackedRequest.Origin.LOCAL, timeout, quickCallbacks, observation);
        }
        catch (RuntimeException ex) {
            observation.failed(ex);
            throw ex;
        }
        Duration effective = timeout != null ? timeout : this.defaultTimeout;
        try {
            // the send, too, ends by the caller's timeout: a waiting caller is answered in time whatever the peer does
            this.sender.sendEncoded(destination, encoded, effective);
            if (logger.isDebugEnabled()) {
                logger.debug("acomm request {} (task '{}') sent to {}, timeout {} ms", LogText.oneLine(tracked.id()),
                        LogText.oneLine(tracked.task()), destination, effective.toMillis());
            }
        }
        catch (RuntimeException ex) {
            abandon(tracked.id(), ex);
            if (logger.isDebugEnabled()) {
                logger.debug("acomm request {} (task '{}') could not be sent to {}: {}", LogText.oneLine(tracked.id()),
                        LogText.oneLine(tracked.task()), destination, LogText.oneLine(String.valueOf(ex.getMessage())));
            }
            throw ex;
        }
        return tracked;
    }

    /**
     * Stops tracking a request that will get no response, unless its response or timeout claimed it first.
     */
    private void abandon(String id, Throwable cause) {
        TrackedRequest claimed = this.pending.claim(id);
        if (claimed != null) {
            claimed.abandoned(cause);
        }
    }
}
