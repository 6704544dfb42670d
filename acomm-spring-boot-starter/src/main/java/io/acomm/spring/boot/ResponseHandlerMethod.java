package io.acomm.spring.boot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Set;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JavaType;

import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.Response;

import org.springframework.util.ReflectionUtils;

/**
 * One {@link ResponseHandler} method, resolved once at start-up: which responses it takes and how its arguments are
 * built from a request and its response.
 */
final class ResponseHandlerMethod {

    private final Object bean;
    private final Method method;
    private final Set<String> tasks;
    private final ResponseHandler.Outcome outcome;
    private final BiFunction<Request, Response, Object>[] arguments;

    private ResponseHandlerMethod(Object bean, Method method, Set<String> tasks, ResponseHandler.Outcome outcome,
            BiFunction<Request, Response, Object>[] arguments) {
        this.bean = bean;
        this.method = method;
        this.tasks = tasks;
        this.outcome = outcome;
        this.arguments = arguments;
    }

    /**
     * @param bean the bean to invoke the method on (a proxy where there is one)
     * @param method the method, invocable on the bean
     * @param annotation its annotation
     * @param json converts results to the parameter type
     * @return the resolved handler method
     * @throws IllegalStateException naming the method if its signature is not supported
     */
    @SuppressWarnings("unchecked")
    static ResponseHandlerMethod resolve(Object bean, Method method, ResponseHandler annotation, AcommJson json) {
        Type[] types = method.getGenericParameterTypes();
        Class<?>[] classes = method.getParameterTypes();
        BiFunction<Request, Response, Object>[] arguments = new BiFunction[types.length];
        boolean result = false;
        for (int i = 0; i < types.length; i++) {
            if (classes[i] == Request.class) {
                arguments[i] = (request, response) -> request;
            }
            else if (classes[i] == Response.class) {
                arguments[i] = (request, response) -> response;
            }
            else if (result) {
                throw invalid(method, "it may take a Request, a Response and one result parameter, but declares "
                        + "more than one other parameter");
            }
            else if (classes[i].isPrimitive()) {
                throw invalid(method, "the result parameter must not be primitive (an error response has no "
                        + "result); use " + wrapperName(classes[i]));
            }
            else {
                result = true;
                JavaType resultType = json.mapper().getTypeFactory().constructType(types[i]);
                arguments[i] = (request, response) -> json.convert(response.result(), resultType);
            }
        }
        ReflectionUtils.makeAccessible(method);
        return new ResponseHandlerMethod(bean, method, Set.copyOf(Arrays.asList(annotation.task())),
                annotation.on(), arguments);
    }

    private static IllegalStateException invalid(Method method, String reason) {
        return new IllegalStateException("@ResponseHandler method " + method.toGenericString()
                + " has an unsupported signature: " + reason);
    }

    private static String wrapperName(Class<?> primitive) {
        return org.springframework.util.ClassUtils.resolvePrimitiveIfNecessary(primitive).getSimpleName();
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

    void invoke(Request request, Response response) throws Throwable {
        Object[] args = new Object[this.arguments.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = this.arguments[i].apply(request, response);
        }
        try {
            this.method.invoke(this.bean, args);
        }
        catch (InvocationTargetException ex) {
            throw ex.getTargetException();
        }
    }

    @Override
    public String toString() {
        return this.method.toGenericString();
    }
}
