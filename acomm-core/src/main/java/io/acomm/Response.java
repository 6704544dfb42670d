package io.acomm;

import java.net.URI;

import io.acomm.internal.json.RawJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;

/**
 * An acomm response: the result of a request, or the error it ended with, never both.
 * <p>
 * Responses are immutable. On the wire an empty {@code "error"} means success; here {@link #error()} is
 * {@code null} then. An <em>ack</em> is a response with an empty id that a receiver writes back on the connection
 * a message arrived on. A decoded response holds its result's raw JSON text, parsed only when it is asked for and
 * written back verbatim when the response is encoded again (forwarded). The result is converted with the
 * {@link AcommJson} that decoded the response, or with that of the request it answers. A response is a value: it is
 * delivered by a {@link Sender}, never by itself.
 */
public final class Response {

    /**
     * The one ack that accepts a message, shared since it is immutable and carries no result: its JSON, the shared
     * default, never converts anything.
     */
    private static final Response ACK = new Response("", null, null, null, AcommJson.defaults());

    private final String id;
    private final Object result;
    private final URI streamUrl;
    private final String error;
    private final AcommJson json;
    private final boolean timeout;

    /**
     * @param id the id of the request answered ({@code ""} for an ack)
     * @param result the result, or {@code null}
     * @param streamUrl where more result data can be streamed from, or {@code null}
     * @param error the error message, or {@code null} for success
     * @param json the JSON that converts the result
     */
    public Response(String id, @Nullable Object result, @Nullable URI streamUrl, @Nullable String error,
            AcommJson json) {
        this(id, result, streamUrl, error, json, false);
    }

    private Response(String id, @Nullable Object result, @Nullable URI streamUrl, @Nullable String error,
            AcommJson json, boolean timeout) {
        this.id = id;
        this.result = result;
        this.streamUrl = streamUrl;
        this.error = error;
        this.json = json;
        this.timeout = timeout;
    }

    /**
     * Creates a response to a request, mirroring Go's {@code NewResponse}.
     * @param request the request answered
     * @param result the result, or {@code null}
     * @param streamUrl where more result data can be streamed from, or {@code null}
     * @param error the error, or {@code null} for success
     * @return the response
     * @throws IllegalArgumentException if the request is missing, or both a result and an error are given
     */
    public static Response create(Request request, @Nullable Object result, @Nullable URI streamUrl,
            @Nullable Throwable error) {
        return create(request, result, streamUrl, error == null ? null : messageOf(error));
    }

    /**
     * Creates a response to a request, mirroring Go's {@code NewResponse}.
     * @param request the request answered
     * @param result the result, or {@code null}
     * @param streamUrl where more result data can be streamed from, or {@code null}
     * @param error the error message, or {@code null} for success
     * @return the response
     * @throws IllegalArgumentException if the request is missing, the error message is empty, or both a result
     *     and an error are given
     */
    public static Response create(Request request, @Nullable Object result, @Nullable URI streamUrl,
            @Nullable String error) {
        if (request == null) {
            throw new IllegalArgumentException("request is required");
        }
        if (error != null && error.isEmpty()) {
            throw new IllegalArgumentException("error message must not be empty (an empty error means success)");
        }
        if (error != null && result != null) {
            throw new IllegalArgumentException("a response carries a result or an error, not both");
        }
        return new Response(request.id(), result, streamUrl, error, request.json());
    }

    /**
     * @param request the request answered
     * @param result the result, or {@code null}
     * @return a successful response
     */
    public static Response success(Request request, @Nullable Object result) {
        return create(request, result, null, (String) null);
    }

    /**
     * @param request the request answered
     * @param result the result, or {@code null}
     * @param streamUrl where more result data can be streamed from
     * @return a successful response with a stream
     */
    public static Response success(Request request, @Nullable Object result, URI streamUrl) {
        return create(request, result, streamUrl, (String) null);
    }

    /**
     * @param request the request answered
     * @param error the error message, not empty
     * @return an error response
     */
    public static Response failure(Request request, String error) {
        if (error == null) {
            throw new IllegalArgumentException("error message is required");
        }
        return create(request, null, null, error);
    }

    /**
     * @param request the request answered
     * @param error the error; its message (or its class name when it has none) becomes the response's error
     * @return an error response
     */
    public static Response failure(Request request, Throwable error) {
        if (error == null) {
            throw new IllegalArgumentException("error is required");
        }
        return create(request, null, null, error);
    }

    /**
     * @param request a request that got no response in time
     * @return the error response {@value Tracker#TIMEOUT_ERROR} its tracker answers it with, which
     *     {@link #isTimeout()}
     */
    static Response timeout(Request request) {
        return new Response(request.id(), null, null, Tracker.TIMEOUT_ERROR, request.json(), true);
    }

    /**
     * @return the ack that accepts a message
     */
    public static Response ack() {
        return ACK;
    }

    /**
     * @param reason why the message is refused, not empty
     * @return an ack that refuses a message; like {@link #ack()} it carries no result, so the JSON it holds (the
     *     shared default) never converts anything
     */
    public static Response errorAck(String reason) {
        if (reason == null || reason.isEmpty()) {
            throw new IllegalArgumentException("an error ack needs a reason");
        }
        return new Response("", null, null, reason, AcommJson.defaults());
    }

    /**
     * @param error an error
     * @return its message, or its class name when it has none
     */
    public static String messageOf(Throwable error) {
        String message = error.getMessage();
        return (message == null || message.isEmpty()) ? error.getClass().getName() : message;
    }

    /**
     * @return the id of the request this response answers ({@code ""} for an ack, {@code null} if a decoded
     *     message had none)
     */
    public @Nullable String id() {
        return this.id;
    }

    /**
     * @return the error message, or {@code null} when the response is a success
     */
    public @Nullable String error() {
        return this.error;
    }

    /**
     * @return whether this response carries an error
     */
    public boolean isError() {
        return this.error != null;
    }

    /**
     * Tells a timeout from an error response: only the response a {@link Tracker} made itself, because no response
     * came in time, is one. A response received, whatever its error says (a provider's {@code "response timeout"}
     * too), never is; nor is the answer to a request still tracked when the tracker stopped.
     * @return whether this is the error response ({@value Tracker#TIMEOUT_ERROR}) a tracker gave a request whose
     *     timeout passed
     */
    public boolean isTimeout() {
        return this.timeout;
    }

    /**
     * @return where more result data can be streamed from, or {@code null}
     */
    public @Nullable URI streamUrl() {
        return this.streamUrl;
    }

    /**
     * Returns the result. For a decoded response it is a {@link JsonNode} parsed from its raw JSON on every call and
     * not kept by the response; {@link #result(Class)} converts it without building a tree.
     * @return the result: a new {@link JsonNode} for a decoded response, otherwise the object passed in
     *     ({@code null} when there is none)
     */
    public @Nullable Object result() {
        return (this.result instanceof RawJson) ? this.json.toTree(this.result) : this.result;
    }

    /**
     * @return the result as a JSON tree (a null node when there is none), parsed on every call for a decoded
     *     response
     */
    public JsonNode rawResult() {
        return this.json.toTree(this.result);
    }

    /**
     * @return the result as held: the object passed in, or the {@link RawJson} of a decoded response
     */
    public Object heldResult() {
        return this.result;
    }

    /**
     * Converts the result to a type, with the mapper of this response's {@link #json()}.
     * @param type the target type
     * @param <T> the target type
     * @return the converted result, or {@code null} when there is none
     * @throws IllegalArgumentException if the result cannot be converted
     */
    public <T> @Nullable T result(Class<T> type) {
        return this.json.convert(this.result, type);
    }

    /**
     * Converts the result to a generic type, with the mapper of this response's {@link #json()}.
     * @param type the target type
     * @param <T> the target type
     * @return the converted result, or {@code null} when there is none
     * @throws IllegalArgumentException if the result cannot be converted
     */
    public <T> @Nullable T result(TypeReference<T> type) {
        return this.json.convert(this.result, type);
    }

    /**
     * Converts the result to a type built by any Jackson {@code TypeFactory}.
     * @param type the target type
     * @param <T> the target type
     * @return the converted result, or {@code null} when there is none
     * @throws IllegalArgumentException if the result cannot be converted
     */
    public <T> @Nullable T result(JavaType type) {
        return this.json.convert(this.result, type);
    }

    /**
     * @return the JSON that decoded this response, or that of the request it answers: it converts the result
     */
    public AcommJson json() {
        return this.json;
    }

    /**
     * @param streamUrl the new stream URL, or {@code null}
     * @return a copy of this response with another stream URL
     */
    public Response withStreamUrl(@Nullable URI streamUrl) {
        return new Response(this.id, this.result, streamUrl, this.error, this.json, this.timeout);
    }

    @Override
    public String toString() {
        return "Response[id=" + this.id + (this.error != null ? ", error=" + this.error : "")
                + (this.streamUrl != null ? ", streamUrl=" + this.streamUrl : "") + "]";
    }
}
