package io.acomm.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method that handles responses to requests made by this application's {@code Tracker}, for requests
 * that carry no callback of their own for the response's outcome.
 * <p>
 * The method may declare, in any order, a {@code io.acomm.Request}, a {@code io.acomm.Response}, and at most one
 * more parameter, which receives the result converted by Jackson to its declared (possibly generic) type. Every
 * matching method runs; an exception it throws is logged with the request's id and task.
 * <p>
 * Ahead-of-time processing registers the runtime hints to invoke the method and to bind its result type, so that
 * it also works in a native image.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(AcommMethodReflectiveProcessor.class)
public @interface ResponseHandler {

    /**
     * @return the tasks whose responses this method handles, empty for every task; property placeholders
     *     ({@code ${...}}, no SpEL) are resolved against the environment
     */
    String[] task() default {};

    /**
     * @return which outcomes this method handles
     */
    Outcome on() default Outcome.ANY;

    /**
     * The outcomes a {@link ResponseHandler} can select.
     */
    enum Outcome {
        /** Responses without error. */
        SUCCESS,
        /** Error responses, timeouts included. */
        ERROR,
        /** Every response. */
        ANY
    }
}
