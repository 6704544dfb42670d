package io.acomm.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.TaskHandler;
import io.acomm.UnixStreams;

import org.springframework.core.io.Resource;

/**
 * One {@link AcommTask} method as a {@link TaskHandler}: builds its arguments from the request and turns what it
 * returns into the response.
 */
final class AcommTaskMethod implements TaskHandler {

    private static final Map<Class<?>, Function<Request, Object>> FIXED = Map.of(Request.class, request -> request);

    private final String task;
    private final HandlerMethod<Request> method;
    private final UnixStreams streams;

    private AcommTaskMethod(String task, HandlerMethod<Request> method, UnixStreams streams) {
        this.task = task;
        this.method = method;
        this.streams = streams;
    }

    /**
     * @param bean the bean to invoke the method on (a proxy where there is one)
     * @param method the method, invocable on the bean
     * @param annotation its annotation
     * @param placeholders resolves the property placeholders of the task name
     * @param json resolves the type of the args parameter
     * @param streams open the streams of stream results
     * @return the task handler
     * @throws IllegalStateException naming the method if its signature is not supported
     */
    static AcommTaskMethod resolve(Object bean, Method method, AcommTask annotation,
            UnaryOperator<String> placeholders, AcommJson json, UnixStreams streams) {
        String task = HandlerMethod.taskName("AcommTask", method, annotation.value(), placeholders);
        return new AcommTaskMethod(task, HandlerMethod.resolve(bean, method, "AcommTask", FIXED,
                (request, type) -> request.args(type), "args", json), streams);
    }

    String task() {
        return this.task;
    }

    Method method() {
        return this.method.method();
    }

    @Override
    public CompletionStage<Response> handle(Request request) throws Exception {
        Object value = this.method.invoke(request);
        if (value instanceof CompletionStage<?> stage) {
            return stage.thenApply(result -> toResponse(request, result));
        }
        return CompletableFuture.completedFuture(toResponse(request, value));
    }

    private Response toResponse(Request request, Object value) {
        if (value instanceof Response response) {
            return response;
        }
        if (value instanceof InputStream stream) {
            return Response.success(request, null, this.streams.newStreamUnix(null, stream));
        }
        if (value instanceof Resource resource) {
            try {
                return Response.success(request, null, this.streams.newStreamUnix(null, resource.getInputStream()));
            }
            catch (IOException ex) {
                throw new UncheckedIOException("cannot open " + resource + ": " + ex.getMessage(), ex);
            }
        }
        return Response.success(request, value);
    }

    @Override
    public String toString() {
        return this.method.toString();
    }
}
