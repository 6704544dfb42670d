package io.acomm;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.UUID;

import io.acomm.internal.json.RawJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;

/**
 * An acomm request: what to run ({@link #task()}), with which arguments, and where the response must be delivered
 * ({@link #responseHook()}).
 * <p>
 * Requests are immutable. The arguments are kept as they were given: a decoded request holds their raw JSON text,
 * parsed only when they are asked for and written back verbatim when the request is encoded again; a request built in
 * this process holds the object passed in, which is serialised by whichever mapper writes the request. Arguments are
 * converted with the {@link AcommJson} that decoded the request or that it was built with ({@link Builder#json};
 * {@link AcommJson#defaults()} otherwise). The success and error callbacks are local to this process and never
 * serialised. A request is a value: it is sent by a {@link Sender} or a {@link Tracker}, and its response goes to
 * {@link #responseHook()} the same way, never by the request itself.
 * <p>
 * A request may carry the W3C trace context of its caller ({@link #traceParent()}, {@link #traceState()}), which a
 * {@link Tracker} writes and a {@link Provider} continues when they observe with a tracer; Go peers ignore it.
 */
public final class Request {

    private final String id;
    private final String task;
    private final URI responseHook;
    private final URI streamUrl;
    private final Object args;
    private final String traceParent;
    private final String traceState;
    private final ResponseCallback onSuccess;
    private final ResponseCallback onError;
    private final AcommJson json;

    private Request(Builder builder) {
        this.id = builder.id;
        this.task = builder.task;
        this.responseHook = builder.responseHook;
        this.streamUrl = builder.streamUrl;
        this.args = builder.args;
        this.traceParent = builder.traceParent;
        this.traceState = builder.traceState;
        this.onSuccess = builder.onSuccess;
        this.onError = builder.onError;
        this.json = builder.json;
    }

    /**
     * Creates a request with an empty task, as Go's {@code NewRequest} of the oldest API does.
     * @param responseHook the absolute URL the response must be sent to
     * @param args the arguments, or {@code null}
     * @return the new request, with a random id
     * @throws IllegalArgumentException if the hook is missing or not an absolute URL
     */
    public static Request create(String responseHook, @Nullable Object args) {
        return create("", responseHook, args);
    }

    /**
     * Creates a request for a task, mirroring Go's {@code NewRequest}.
     * @param task the task to run
     * @param responseHook the absolute URL the response must be sent to
     * @param args the arguments, or {@code null}
     * @return the new request, with a random id
     * @throws IllegalArgumentException if the hook is missing or not an absolute URL
     */
    public static Request create(String task, String responseHook, @Nullable Object args) {
        return builder().task(task).responseHook(parseHook(responseHook)).args(args).build();
    }

    /**
     * @return a builder for a request with a random id and an empty task
     */
    public static Builder builder() {
        return new Builder(UUID.randomUUID().toString());
    }

    /**
     * @param json the JSON decoding the request, which then converts its arguments
     * @return a builder without an id, for a decoder to fill in
     */
    public static Builder decodingBuilder(AcommJson json) {
        return new Builder((String) null).json(json);
    }

    /**
     * @return a builder holding every field of this request, callbacks included
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * @param responseHook the new response hook
     * @return a copy of this request (same id) whose response goes to another hook
     */
    public Request withResponseHook(URI responseHook) {
        return toBuilder().responseHook(responseHook).build();
    }

    /**
     * @param streamUrl the new stream URL, or {@code null} for none
     * @return a copy of this request (same id) with another stream URL
     */
    public Request withStreamUrl(@Nullable URI streamUrl) {
        return toBuilder().streamUrl(streamUrl).build();
    }

    /**
     * @return this request when it carries no trace context, otherwise a copy of it (same id) without
     *     {@link #traceParent()} and {@link #traceState()}
     */
    public Request withoutTraceContext() {
        return this.traceParent == null && this.traceState == null ? this
                : toBuilder().traceParent(null).traceState(null).build();
    }

    /**
     * @param onSuccess the callback for a successful response, or {@code null}
     * @param onError the callback for an error response, or {@code null}
     * @return a copy of this request with these callbacks
     */
    public Request withCallbacks(@Nullable ResponseCallback onSuccess, @Nullable ResponseCallback onError) {
        return toBuilder().onSuccess(onSuccess).onError(onError).build();
    }

    /**
     * @return the request's id ({@code null} if a decoded message had none)
     */
    public @Nullable String id() {
        return this.id;
    }

    /**
     * @return the task to run ({@code ""} when none is named)
     */
    public String task() {
        return this.task;
    }

    /**
     * @return where the response must be delivered
     */
    public URI responseHook() {
        return this.responseHook;
    }

    /**
     * @return the URL of extra data the receiver may stream, or {@code null}
     */
    public @Nullable URI streamUrl() {
        return this.streamUrl;
    }

    /**
     * Returns the arguments. For a decoded request they are a {@link JsonNode} parsed from their raw JSON on every
     * call and not kept by the request; {@link #args(Class)} converts them without building a tree.
     * @return the arguments: a new {@link JsonNode} for a decoded request, otherwise the object passed in
     *     ({@code null} when there are none)
     */
    public @Nullable Object args() {
        return (this.args instanceof RawJson) ? this.json.toTree(this.args) : this.args;
    }

    /**
     * @return the arguments as a JSON tree (a null node when there are none), parsed on every call for a decoded
     *     request
     */
    public JsonNode rawArgs() {
        return this.json.toTree(this.args);
    }

    /**
     * @return the arguments as held: the object passed in, or the {@link RawJson} of a decoded request
     */
    public Object heldArgs() {
        return this.args;
    }

    /**
     * Converts the arguments to a type, with the mapper of this request's {@link #json()}.
     * @param type the target type
     * @param <T> the target type
     * @return the converted arguments, or {@code null} when there are none
     * @throws IllegalArgumentException if the arguments cannot be converted
     */
    public <T> @Nullable T args(Class<T> type) {
        return this.json.convert(this.args, type);
    }

    /**
     * Converts the arguments to a generic type, with the mapper of this request's {@link #json()}.
     * @param type the target type
     * @param <T> the target type
     * @return the converted arguments, or {@code null} when there are none
     * @throws IllegalArgumentException if the arguments cannot be converted
     */
    public <T> @Nullable T args(TypeReference<T> type) {
        return this.json.convert(this.args, type);
    }

    /**
     * Converts the arguments to a type built by any Jackson {@code TypeFactory}.
     * @param type the target type
     * @param <T> the target type
     * @return the converted arguments, or {@code null} when there are none
     * @throws IllegalArgumentException if the arguments cannot be converted
     */
    public <T> @Nullable T args(JavaType type) {
        return this.json.convert(this.args, type);
    }

    /**
     * @return the W3C {@code traceparent} of the caller's trace, {@code 00-<trace id>-<parent id>-<flags>}, or
     *     {@code null}
     */
    public @Nullable String traceParent() {
        return this.traceParent;
    }

    /**
     * @return the W3C {@code tracestate} that goes with {@link #traceParent()}, or {@code null}
     */
    public @Nullable String traceState() {
        return this.traceState;
    }

    /**
     * @return the JSON that decoded this request or that it was built with: it converts the arguments, and
     *     responses created for this request inherit it
     */
    public AcommJson json() {
        return this.json;
    }

    /**
     * @return the callback for a successful response, or {@code null}
     */
    public @Nullable ResponseCallback onSuccess() {
        return this.onSuccess;
    }

    /**
     * @return the callback for an error response, or {@code null}
     */
    public @Nullable ResponseCallback onError() {
        return this.onError;
    }

    /**
     * Checks that the request can be sent or served: it needs an id and an absolute response hook.
     * @throws AcommException naming what is missing
     */
    public void validate() {
        if (this.id == null || this.id.isEmpty()) {
            throw new AcommException("invalid request: missing id");
        }
        if (this.responseHook == null) {
            throw new AcommException("invalid request " + this.id + ": missing response hook");
        }
        if (!this.responseHook.isAbsolute()) {
            throw new AcommException("invalid request " + this.id + ": response hook is not an absolute URL: "
                    + this.responseHook);
        }
    }

    @Override
    public String toString() {
        return "Request[id=" + this.id + ", task=" + this.task + ", responseHook=" + this.responseHook
                + (this.streamUrl != null ? ", streamUrl=" + this.streamUrl : "") + "]";
    }

    static URI parseHook(String responseHook) {
        if (responseHook == null || responseHook.isEmpty()) {
            throw new IllegalArgumentException("response hook is required");
        }
        URI uri;
        try {
            uri = new URI(responseHook);
        }
        catch (URISyntaxException ex) {
            throw new IllegalArgumentException("invalid response hook '" + responseHook + "': " + ex.getMessage(), ex);
        }
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("invalid response hook '" + responseHook + "': not an absolute URL");
        }
        return uri;
    }

    /**
     * Builds a {@link Request}; the id defaults to a random UUID and the task to {@code ""}.
     */
    public static final class Builder {

        private String id;
        private String task = "";
        private URI responseHook;
        private URI streamUrl;
        private Object args;
        private String traceParent;
        private String traceState;
        private ResponseCallback onSuccess;
        private ResponseCallback onError;
        private AcommJson json = AcommJson.defaults();

        private Builder(String id) {
            this.id = id;
        }

        private Builder(Request request) {
            this.id = request.id;
            this.task = request.task;
            this.responseHook = request.responseHook;
            this.streamUrl = request.streamUrl;
            this.args = request.args;
            this.traceParent = request.traceParent;
            this.traceState = request.traceState;
            this.onSuccess = request.onSuccess;
            this.onError = request.onError;
            this.json = request.json;
        }

        /**
         * @param id the request's id
         * @return this builder
         */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * @param task the task to run ({@code null} for none)
         * @return this builder
         */
        public Builder task(@Nullable String task) {
            this.task = Objects.requireNonNullElse(task, "");
            return this;
        }

        /**
         * @param responseHook where the response must be delivered
         * @return this builder
         */
        public Builder responseHook(URI responseHook) {
            this.responseHook = responseHook;
            return this;
        }

        /**
         * @param streamUrl the URL of extra data the receiver may stream, or {@code null}
         * @return this builder
         */
        public Builder streamUrl(@Nullable URI streamUrl) {
            this.streamUrl = streamUrl;
            return this;
        }

        /**
         * @param args the arguments, or {@code null}
         * @return this builder
         */
        public Builder args(@Nullable Object args) {
            this.args = args;
            return this;
        }

        /**
         * @param traceParent the W3C {@code traceparent} of the caller's trace, or {@code null} for none
         * @return this builder
         */
        public Builder traceParent(@Nullable String traceParent) {
            this.traceParent = traceParent;
            return this;
        }

        /**
         * @param traceState the W3C {@code tracestate} that goes with the {@code traceparent}, or {@code null} for none
         * @return this builder
         */
        public Builder traceState(@Nullable String traceState) {
            this.traceState = traceState;
            return this;
        }

        /**
         * @param onSuccess the callback for a successful response, or {@code null}
         * @return this builder
         */
        public Builder onSuccess(@Nullable ResponseCallback onSuccess) {
            this.onSuccess = onSuccess;
            return this;
        }

        /**
         * @param onError the callback for an error response, or {@code null}
         * @return this builder
         */
        public Builder onError(@Nullable ResponseCallback onError) {
            this.onError = onError;
            return this;
        }

        /**
         * @param json converts the arguments of the request built (default: {@link AcommJson#defaults()})
         * @return this builder
         */
        public Builder json(AcommJson json) {
            this.json = Objects.requireNonNull(json, "json");
            return this;
        }

        /**
         * @return the request
         */
        public Request build() {
            return new Request(this);
        }
    }
}
