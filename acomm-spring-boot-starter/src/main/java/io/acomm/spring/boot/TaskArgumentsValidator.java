package io.acomm.spring.boot;

import java.lang.reflect.Method;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Validates the arguments of {@link AcommTask} methods once they are converted from a request's args and before the
 * method is invoked. It names no Bean Validation type, so that the task methods load none where Bean Validation is
 * not there; {@link BeanValidationTaskArgumentsValidator} is the one that uses it.
 */
@FunctionalInterface
interface TaskArgumentsValidator {

    /**
     * Resolves once, at start-up, what a method's parameters ask to validate.
     * @param method the task method, as its bean's class declares it
     * @return what validates the method's arguments, throwing an {@link AcommTaskArgumentsInvalidException} for
     *     invalid ones, or {@code null} when no parameter asks for validation
     */
    @Nullable Consumer<Object[]> forMethod(Method method);
}
