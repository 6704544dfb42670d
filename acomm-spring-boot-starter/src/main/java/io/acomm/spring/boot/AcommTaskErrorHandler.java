package io.acomm.spring.boot;

import io.acomm.Request;

/**
 * Words the error of the response to a request whose {@link AcommTask} method failed: it threw (unwrapped from
 * reflection's {@code InvocationTargetException}), its {@code CompletionStage} completed exceptionally, the request's
 * args could not be converted or are invalid ({@link AcommTaskArgumentsInvalidException}), or its result could not be
 * served.
 * <p>
 * The application's bean of this type words the errors of every task (the {@code @Primary} one when there are several;
 * without a unique one, {@link #exceptionMessage()}), and {@link AcommTask#errorHandler()} names the bean that words
 * those of one task, as {@code @RabbitListener(errorHandler = ...)} and {@code @KafkaListener(errorHandler = ...)} do.
 * Unlike their error handlers, this one cannot turn a failure into a result or leave the request unanswered: an acomm
 * request is always answered, and a failed task with an error response. A task that can recover catches the
 * exception itself (or returns a {@code Response}).
 * <p>
 * The provider logs the failure, not the handler's words: one WARN line with the request's id and task, its stack trace
 * at DEBUG. A handler that throws, or returns {@code null} or an empty text, leaves the exception's message in the
 * response, and that WARN line tells the handler's failure too.
 */
@FunctionalInterface
public interface AcommTaskErrorHandler {

    /**
     * @param request the request answered
     * @param exception what failed the task
     * @return the error of the response, not empty; it goes to the caller, who should get no stack trace and no
     *     internal details
     */
    String handleError(Request request, Throwable exception);

    /**
     * @return the default error handler: the exception's message, or the simple name of its class when the message is
     *     missing or blank; never its stack trace or its causes
     */
    static AcommTaskErrorHandler exceptionMessage() {
        return (request, exception) -> {
            String message = exception.getMessage();
            if (message != null && !message.isBlank()) {
                return message;
            }
            String name = exception.getClass().getSimpleName();
            return name.isEmpty() ? exception.getClass().getName() : name;
        };
    }
}
