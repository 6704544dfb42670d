package io.acomm.spring.boot;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedMethod;
import org.springframework.validation.annotation.ValidationAnnotationUtils;

/**
 * Validates with Bean Validation the arguments of the parameters that ask for it as Spring MVC's do: {@code @Valid},
 * Spring's {@code @Validated} (its value the validation groups), or any annotation whose name starts with
 * {@code Valid}, on the parameter or on the one it implements in an interface. A {@code null} argument is not
 * validated.
 */
final class BeanValidationTaskArgumentsValidator implements TaskArgumentsValidator {

    private final Validator validator;

    /**
     * @param validator validates the arguments
     */
    BeanValidationTaskArgumentsValidator(Validator validator) {
        this.validator = validator;
    }

    @Override
    public @Nullable Consumer<Object[]> forMethod(Method method) {
        List<Validated> validated = new ArrayList<>();
        for (MethodParameter parameter : new AnnotatedMethod(method).getMethodParameters()) {
            for (Annotation annotation : parameter.getParameterAnnotations()) {
                Object[] hints = ValidationAnnotationUtils.determineValidationHints(annotation);
                if (hints != null) {
                    validated.add(new Validated(parameter.getParameterIndex(), Arrays.stream(hints)
                            .filter(Class.class::isInstance).map(Class.class::cast).toArray(Class<?>[]::new)));
                    break;
                }
            }
        }
        return validated.isEmpty() ? null : arguments -> validate(validated, arguments);
    }

    private void validate(List<Validated> validated, Object[] arguments) {
        Set<ConstraintViolation<Object>> violations = new LinkedHashSet<>();
        for (Validated parameter : validated) {
            Object argument = arguments[parameter.index()];
            if (argument != null) {
                violations.addAll(this.validator.validate(argument, parameter.groups()));
            }
        }
        if (!violations.isEmpty()) {
            throw new AcommTaskArgumentsInvalidException(violations);
        }
    }

    /**
     * A parameter to validate: its index and validation groups.
     */
    private record Validated(int index, Class<?>[] groups) {
    }
}
