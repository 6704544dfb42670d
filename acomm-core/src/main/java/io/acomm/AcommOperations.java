package io.acomm;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;

/**
 * The calls through which an application has tasks done by providers, implemented by {@link Tracker}. Code against
 * this interface to replace it in tests with a mock or a fake of your own.
 * <p>
 * Each call sends a request whose response hook is the tracker and tracks it until its response comes or its
 * timeout ({@code null}: the tracker's default) passes. The response is taken in one of these ways:
 * <ul>
 * <li>{@link #syncRequest} waits for it and returns the result converted to a type, or the successful
 *     {@link Response};</li>
 * <li>{@link #request} returns a future of the same;</li>
 * <li>{@link #send} returns a future of the response itself, whether a success or an error;</li>
 * <li>{@link #trackAndSend} leaves it to the request's callbacks (or the tracker's fallback callback).</li>
 * </ul>
 * How {@link #syncRequest} and {@link #request} end (thrown, or as the failure of the future):
 * <ul>
 * <li>a result is converted with the tracker's {@link AcommJson}, as {@link Response#result(Class)} does; a
 *     {@code null} result (or none) yields {@code null};</li>
 * <li>an error response: a {@link ResponseErrorException} carrying its error text;</li>
 * <li>no response in time: a {@link ResponseTimeoutException}, which the tracker raises for the timeouts it made
 *     itself, never for an error response that happens to say {@value Tracker#TIMEOUT_ERROR};</li>
 * <li>the send failed: a {@link SendException}, and nothing stays tracked;</li>
 * <li>a result that cannot be converted: an {@link AcommException} naming the request's id, its task and the
 *     type.</li>
 * </ul>
 * Arguments that cannot be encoded throw an {@link AcommException} at once, and nothing is tracked.
 */
public interface AcommOperations {

    /**
     * Sends a request and tracks it: the request's hook is set to the tracker, and the returned future completes
     * with the response, an error response included, a timeout too ({@link Response#isTimeout()}). The request's
     * callbacks are replaced. The future is completed on one of the tracker's threads: chain slow work with the
     * {@code …Async} methods.
     * @param destination where to send the request
     * @param request the request; its callbacks are replaced
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the future response; it completes exceptionally with a {@link SendException} if the send fails, and
     *     the request is then no longer tracked
     * @throws AcommException if the request (its arguments) cannot be encoded; nothing is tracked then
     */
    CompletableFuture<Response> send(URI destination, Request request, @Nullable Duration timeout);

    /**
     * Same as {@link #send(URI, Request, Duration)} with the default timeout.
     * @param destination where to send the request
     * @param request the request; its callbacks are replaced
     * @return the future response
     */
    CompletableFuture<Response> send(URI destination, Request request);

    /**
     * Sends a request with the tracker as its hook and tracks it; its response is handled like any other: by the
     * request's callbacks, or the fallback callback when it has none.
     * @param destination where to send the request
     * @param request the request
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the request as tracked and sent
     * @throws SendException if the send fails; the request is then no longer tracked
     * @throws AcommException if the request cannot be encoded (nothing is tracked then) or the tracker cannot track
     *     it
     */
    Request trackAndSend(URI destination, Request request, @Nullable Duration timeout);

    /**
     * Sends a request for a task and waits for its response.
     * @param destination where to send the request
     * @param task the task
     * @param args the arguments, or {@code null}
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the successful response
     * @throws ResponseTimeoutException if no response came in time
     * @throws ResponseErrorException carrying the error of an error response
     * @throws SendException if the request cannot be sent
     * @throws AcommException if the arguments cannot be encoded (nothing is tracked then), or the wait is
     *     interrupted
     */
    Response syncRequest(URI destination, String task, @Nullable Object args, @Nullable Duration timeout);

    /**
     * Sends a request for a task, waits for its response and converts its result.
     * @param destination where to send the request
     * @param task the task
     * @param args the arguments, or {@code null}
     * @param resultType the type of the result
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @param <T> the type of the result
     * @return the result, {@code null} when the response has none
     * @throws ResponseTimeoutException if no response came in time
     * @throws ResponseErrorException carrying the error of an error response
     * @throws SendException if the request cannot be sent
     * @throws AcommException if the result cannot be converted, the arguments cannot be encoded, or the wait is
     *     interrupted
     */
    <T> @Nullable T syncRequest(URI destination, String task, @Nullable Object args, Class<T> resultType,
            @Nullable Duration timeout);

    /**
     * Sends a request for a task, waits for its response and converts its result to a generic type, such as
     * {@code new TypeReference<List<VmInfo>>() {}}.
     * @param destination where to send the request
     * @param task the task
     * @param args the arguments, or {@code null}
     * @param resultType the type of the result
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @param <T> the type of the result
     * @return the result, {@code null} when the response has none
     * @throws ResponseTimeoutException if no response came in time
     * @throws ResponseErrorException carrying the error of an error response
     * @throws SendException if the request cannot be sent
     * @throws AcommException if the result cannot be converted, the arguments cannot be encoded, or the wait is
     *     interrupted
     */
    <T> @Nullable T syncRequest(URI destination, String task, @Nullable Object args, TypeReference<T> resultType,
            @Nullable Duration timeout);

    /**
     * Sends a request for a task; the returned future completes with its successful response, on the tracker's
     * handler executor.
     * @param destination where to send the request
     * @param task the task
     * @param args the arguments, or {@code null}
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @return the future successful response; it completes exceptionally with a {@link ResponseTimeoutException}, a
     *     {@link ResponseErrorException} or a {@link SendException}, as {@link #syncRequest} throws them
     * @throws AcommException if the arguments cannot be encoded; nothing is tracked then
     */
    CompletableFuture<Response> request(URI destination, String task, @Nullable Object args,
            @Nullable Duration timeout);

    /**
     * Sends a request for a task; the returned future completes with its result, converted on the tracker's handler
     * executor.
     * @param destination where to send the request
     * @param task the task
     * @param args the arguments, or {@code null}
     * @param resultType the type of the result
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @param <T> the type of the result
     * @return the future result, {@code null} when the response has none; it completes exceptionally as
     *     {@link #syncRequest(URI, String, Object, Class, Duration)} throws
     * @throws AcommException if the arguments cannot be encoded; nothing is tracked then
     */
    <T> CompletableFuture<@Nullable T> request(URI destination, String task, @Nullable Object args,
            Class<T> resultType, @Nullable Duration timeout);

    /**
     * Sends a request for a task; the returned future completes with its result, converted to a generic type on the
     * tracker's handler executor.
     * @param destination where to send the request
     * @param task the task
     * @param args the arguments, or {@code null}
     * @param resultType the type of the result
     * @param timeout how long to wait for the response ({@code null} for the default)
     * @param <T> the type of the result
     * @return the future result, {@code null} when the response has none; it completes exceptionally as
     *     {@link #syncRequest(URI, String, Object, TypeReference, Duration)} throws
     * @throws AcommException if the arguments cannot be encoded; nothing is tracked then
     */
    <T> CompletableFuture<@Nullable T> request(URI destination, String task, @Nullable Object args,
            TypeReference<T> resultType, @Nullable Duration timeout);
}
