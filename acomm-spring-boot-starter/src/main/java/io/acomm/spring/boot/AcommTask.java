package io.acomm.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method that serves the acomm requests for one task on the application's provider socket.
 * <p>
 * The method may declare an {@code io.acomm.Request} and at most one more parameter, which receives the request's
 * args converted by Jackson to its declared (possibly generic) type. Its return value becomes the response's
 * result ({@code void} or {@code null}: a null result); an exception it throws becomes an error response whose error
 * the {@link AcommTaskErrorHandler} words (by default the exception's message). A {@code CompletionStage} is answered
 * when it completes. An {@code InputStream} or a Spring {@code Resource} is served as a one-shot unix stream whose URL
 * the response carries as {@code stream_url}; a returned {@code io.acomm.Response} is sent as it is.
 * <p>
 * With Bean Validation ({@code spring-boot-starter-validation}), an args parameter annotated {@code @Valid} (or
 * Spring's {@code @Validated}, with its groups) is validated once converted; args that violate its constraints fail
 * the task with an {@link AcommTaskArgumentsInvalidException}, without invoking the method.
 * <p>
 * Ahead-of-time processing registers the runtime hints to invoke the method and to bind its args and result types,
 * so that it also works in a native image.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(AcommMethodReflectiveProcessor.class)
public @interface AcommTask {

    /**
     * @return the task name, as requests carry it in {@code task}; property placeholders ({@code ${...}}, no
     *     SpEL) are resolved against the environment
     */
    String value();

    /**
     * @return the name of the {@link AcommTaskErrorHandler} bean that words the errors of this task; empty for the
     *     application's
     */
    String errorHandler() default "";
}
