package io.acomm.spring.boot;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.Response;

/**
 * One {@link ResponseHandler} method, resolved once at start-up: which responses it takes, and its arguments built
 * from a request and its response.
 */
final class ResponseHandlerMethod {

    /** What a response handler's arguments come from. */
    record Answer(Request request, Response response) {
    }

    private static final Map<Class<?>, Function<Answer, Object>> FIXED = Map.of(Request.class, Answer::request,
            Response.class, Answer::response);

    private final HandlerMethod<Answer> method;
    private final Set<String> tasks;
    private final ResponseHandler.Outcome outcome;

    private ResponseHandlerMethod(HandlerMethod<Answer> method, Set<String> tasks, ResponseHandler.Outcome outcome) {
        this.method = method;
        this.tasks = tasks;
        this.outcome = outcome;
    }

    /**
     * @param bean the bean to invoke the method on (a proxy where there is one)
     * @param method the method, invocable on the bean
     * @param annotation its annotation
     * @param placeholders resolves the property placeholders of the task names
     * @param json resolves the type of the result parameter
     * @return the resolved handler method
     * @throws IllegalStateException naming the method if its signature is not supported
     */
    static ResponseHandlerMethod resolve(Object bean, Method method, ResponseHandler annotation,
            UnaryOperator<String> placeholders, AcommJson json) {
        HandlerMethod<Answer> handler = HandlerMethod.resolve(bean, method, "ResponseHandler", FIXED,
                (answer, type) -> answer.response().result(type), "result", json);
        Set<String> tasks = Arrays.stream(annotation.task())
                .map(task -> HandlerMethod.taskName("ResponseHandler", method, task, placeholders))
                .collect(Collectors.toUnmodifiableSet());
        return new ResponseHandlerMethod(handler, tasks, annotation.on());
    }

    boolean matches(Request request, Response response) {
        if (!this.tasks.isEmpty() && !this.tasks.contains(request.task())) {
            return false;
        }
        return switch (this.outcome) {
            case ANY -> true;
            case SUCCESS -> !response.isError();
            case ERROR -> response.isError();
        };
    }

    void invoke(Request request, Response response) throws Exception {
        this.method.invoke(new Answer(request, response));
    }

    @Override
    public String toString() {
        return this.method.toString();
    }
}
