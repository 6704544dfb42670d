package io.acomm.spring.boot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.acomm.AcommJson;
import tools.jackson.databind.JavaType;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * An annotated bean method whose arguments are resolved once at start-up from a context (a request, or a request
 * with its response): parameters of a few fixed types receive parts of the context, and at most one other parameter
 * receives a JSON value of the context converted by Jackson to its declared, possibly generic, type.
 * @param <C> the context the arguments come from
 */
final class HandlerMethod<C> {

    private final Object bean;
    private final Method method;
    private final Function<C, Object>[] arguments;

    private HandlerMethod(Object bean, Method method, Function<C, Object>[] arguments) {
        this.bean = bean;
        this.method = method;
        this.arguments = arguments;
    }

    /**
     * @param bean the bean to invoke the method on (a proxy where there is one)
     * @param method the method, invocable on the bean
     * @param annotation the annotation's name, for error messages
     * @param fixed the parameter types that receive a part of the context, and how
     * @param value converts the JSON value the one other parameter receives to that parameter's type (straight
     *     from the message's raw JSON, without a tree in between)
     * @param valueName what that value is, for error messages
     * @param json resolves the parameter's type
     * @param <C> the context type
     * @return the resolved method
     * @throws IllegalStateException naming the method if its signature is not supported
     */
    @SuppressWarnings("unchecked")
    static <C> HandlerMethod<C> resolve(Object bean, Method method, String annotation,
            Map<Class<?>, Function<C, Object>> fixed, BiFunction<C, JavaType, Object> value, String valueName,
            AcommJson json) {
        Type[] types = method.getGenericParameterTypes();
        Class<?>[] classes = method.getParameterTypes();
        Function<C, Object>[] arguments = (Function<C, Object>[]) new Function<?, ?>[types.length];
        boolean valueTaken = false;
        for (int i = 0; i < types.length; i++) {
            Function<C, Object> fixedArgument = fixed.get(classes[i]);
            if (fixedArgument != null) {
                arguments[i] = fixedArgument;
                continue;
            }
            if (valueTaken) {
                throw invalid(annotation, method, "it may declare " + fixed.keySet().stream()
                        .map(Class::getSimpleName).toList() + " and one " + valueName
                        + " parameter, but declares more than one other parameter");
            }
            if (classes[i].isPrimitive()) {
                throw invalid(annotation, method, "the " + valueName + " parameter must not be primitive (it may be "
                        + "null); use " + ClassUtils.resolvePrimitiveIfNecessary(classes[i]).getSimpleName());
            }
            valueTaken = true;
            JavaType valueType = json.mapper().getTypeFactory().constructType(types[i]);
            arguments[i] = context -> value.apply(context, valueType);
        }
        ReflectionUtils.makeAccessible(method);
        return new HandlerMethod<>(bean, method, arguments);
    }

    /**
     * Resolves the property placeholders ({@code ${...}}, no SpEL) of a task name given in an annotation.
     * @param annotation the annotation's name, for error messages
     * @param method the annotated method, for error messages
     * @param name the task name as the annotation gives it
     * @param placeholders resolves the placeholders, failing on one that cannot be resolved
     * @return the task name
     * @throws IllegalStateException naming the method if a placeholder cannot be resolved or the name is empty
     */
    static String taskName(String annotation, Method method, String name, UnaryOperator<String> placeholders) {
        String resolved;
        try {
            resolved = placeholders.apply(name);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("@" + annotation + " method " + method.toGenericString()
                    + " names task '" + name + "', which cannot be resolved: " + ex.getMessage(), ex);
        }
        if (resolved.isBlank()) {
            throw invalid(annotation, method, "the task name is empty"
                    + (resolved.equals(name) ? "" : " ('" + name + "' resolves to '" + resolved + "')"));
        }
        return resolved;
    }

    static IllegalStateException invalid(String annotation, Method method, String reason) {
        return new IllegalStateException("@" + annotation + " method " + method.toGenericString()
                + " has an unsupported signature: " + reason);
    }

    Method method() {
        return this.method;
    }

    /**
     * Invokes the method with the arguments of a context.
     * @param context the context
     * @return what the method returned
     * @throws Exception what the method threw, unwrapped, or an {@link IllegalArgumentException} if the value
     *     cannot be converted
     */
    Object invoke(C context) throws Exception {
        return invokeWith(arguments(context));
    }

    /**
     * @param context the context
     * @return the method's arguments from the context
     * @throws IllegalArgumentException if the value cannot be converted
     */
    Object[] arguments(C context) {
        Object[] args = new Object[this.arguments.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = this.arguments[i].apply(context);
        }
        return args;
    }

    /**
     * @param args the method's arguments
     * @return what the method returned
     * @throws Exception what the method threw, unwrapped
     */
    Object invokeWith(Object[] args) throws Exception {
        try {
            return this.method.invoke(this.bean, args);
        }
        catch (InvocationTargetException ex) {
            Throwable target = ex.getTargetException();
            if (target instanceof Error error) {
                throw error;
            }
            throw (Exception) target;
        }
    }

    @Override
    public String toString() {
        return this.method.toGenericString();
    }
}
