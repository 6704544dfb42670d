package io.acomm.spring.boot;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;

/**
 * The args of a request violate the constraints of the {@code @Valid} (or {@code @Validated}) parameter of its
 * {@link AcommTask} method, which is therefore not invoked. The message lists the violations by property path, as in
 * {@code invalid arguments: count: must be greater than 0; name: must not be blank}; like any failure of a task it is
 * answered through the {@link AcommTaskErrorHandler}, which may word it otherwise from {@link #violations()}.
 */
public class AcommTaskArgumentsInvalidException extends ConstraintViolationException {

    private static final long serialVersionUID = 1L;

    private static final Comparator<ConstraintViolation<?>> BY_PATH = Comparator
            .<ConstraintViolation<?>, String>comparing(violation -> violation.getPropertyPath().toString())
            .thenComparing(ConstraintViolation::getMessage);

    private final transient List<ConstraintViolation<?>> violations;

    /**
     * @param violations the constraints the args violate, not empty
     */
    public AcommTaskArgumentsInvalidException(Set<? extends ConstraintViolation<?>> violations) {
        this(violations.stream().sorted(BY_PATH).collect(Collectors.<ConstraintViolation<?>>toList()));
    }

    private AcommTaskArgumentsInvalidException(List<ConstraintViolation<?>> sorted) {
        super(sorted.stream().map(AcommTaskArgumentsInvalidException::describe)
                .collect(Collectors.joining("; ", "invalid arguments: ", "")), new LinkedHashSet<>(sorted));
        this.violations = List.copyOf(sorted);
    }

    private static String describe(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        return path.isEmpty() ? violation.getMessage() : path + ": " + violation.getMessage();
    }

    /**
     * @return the violations, ordered by property path, then message
     */
    public List<ConstraintViolation<?>> violations() {
        return this.violations;
    }
}
