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
 * result ({@code void} or {@code null}: a null result); an exception it throws becomes an error response with the
 * exception's message. A {@code CompletionStage} is answered when it completes. An {@code InputStream} or a Spring
 * {@code Resource} is served as a one-shot unix stream whose URL the response carries as {@code stream_url}; a
 * returned {@code io.acomm.Response} is sent as it is.
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
}
