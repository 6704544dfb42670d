package io.acomm.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.TaskHandler;
import io.acomm.UnixStreams;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;

/**
 * One {@link AcommTask} method as a {@link TaskHandler}: builds its arguments from the request, has them validated,
 * turns what it returns into the response, and has its {@link AcommTaskErrorHandler} word the error of a failure.
 */
final class AcommTaskMethod implements TaskHandler {

    private static final Map<Class<?>, Function<Request, Object>> FIXED = Map.of(Request.class, request -> request);

    private final String task;
    private final HandlerMethod<Request> method;
    private final UnixStreams streams;
    private final AcommTaskErrorHandler errorHandler;
    private final @Nullable Consumer<Object[]> validation;

    private AcommTaskMethod(String task, HandlerMethod<Request> method, UnixStreams streams,
            AcommTaskErrorHandler errorHandler, @Nullable Consumer<Object[]> validation) {
        this.task = task;
        this.method = method;
        this.streams = streams;
        this.errorHandler = errorHandler;
        this.validation = validation;
    }

    /**
     * @param bean the bean to invoke the method on (a proxy where there is one)
     * @param method the method, invocable on the bean
     * @param annotation its annotation
     * @param placeholders resolves the property placeholders of the task name
     * @param json resolves the type of the args parameter
     * @param streams open the streams of stream results
     * @param errorHandler words the errors of the task's failures
     * @param validation validates the method's arguments before it is invoked, or {@code null} for none
     * @return the task handler
     * @throws IllegalStateException naming the method if its signature is not supported
     */
    static AcommTaskMethod resolve(Object bean, Method method, AcommTask annotation,
            UnaryOperator<String> placeholders, AcommJson json, UnixStreams streams,
            AcommTaskErrorHandler errorHandler, @Nullable Consumer<Object[]> validation) {
        String task = HandlerMethod.taskName("AcommTask", method, annotation.value(), placeholders);
        return new AcommTaskMethod(task, HandlerMethod.resolve(bean, method, "AcommTask", FIXED,
                (request, type) -> request.args(type), "args", json), streams, errorHandler, validation);
    }

    String task() {
        return this.task;
    }

    Method method() {
        return this.method.method();
    }

    @Override
    public CompletionStage<Response> handle(Request request) throws Exception {
        Object[] arguments = this.method.arguments(request);
        if (this.validation != null) {
            this.validation.accept(arguments);
        }
        Object value = this.method.invokeWith(arguments);
        if (value instanceof CompletionStage<?> stage) {
            return stage.thenApply(result -> toResponse(request, result));
        }
        return CompletableFuture.completedFuture(toResponse(request, value));
    }

    @Override
    public String errorMessage(Request request, Throwable failure) {
        return this.errorHandler.handleError(request, failure);
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
