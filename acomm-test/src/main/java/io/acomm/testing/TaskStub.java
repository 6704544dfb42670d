package io.acomm.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

import io.acomm.Request;
import io.acomm.Response;
import org.jspecify.annotations.Nullable;

/**
 * The answer of a {@link StubProvider} to one task, begun with {@link StubProvider#onTask(String)}: a result, an
 * error, or a function of the request, optionally held back for a while.
 */
public final class TaskStub {

    private final StubProvider stub;
    private final String task;
    private final Duration delay;

    TaskStub(StubProvider stub, String task, Duration delay) {
        this.stub = stub;
        this.task = Objects.requireNonNull(task, "task");
        this.delay = delay;
    }

    /**
     * @param delay how long each answer is held back after the request was acked and recorded (for timeouts and
     *     requests in flight); the held answers take no provider thread
     * @return a stub of the same task whose answers are held back
     */
    public TaskStub delayedBy(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        return new TaskStub(this.stub, this.task, delay);
    }

    /**
     * Answers every request for the task with a successful response.
     * @param result the result, converted to JSON as the provider converts any result, or {@code null}
     * @return the stub provider
     */
    public StubProvider respond(@Nullable Object result) {
        return answer(request -> Response.success(request, result));
    }

    /**
     * Answers every request for the task with an error response.
     * @param error the error
     * @return the stub provider
     */
    public StubProvider fail(String error) {
        Objects.requireNonNull(error, "error");
        return answer(request -> Response.failure(request, error));
    }

    /**
     * Answers every request for the task with what a function makes of it, for example
     * {@code request -> Response.success(request, sum(request.args(Numbers.class)))}; a function that throws is
     * answered with an error carrying the exception's message, as a provider answers a failed task.
     * @param answer makes the response to a request
     * @return the stub provider
     */
    public StubProvider answer(Function<Request, Response> answer) {
        this.stub.answer(this.task, Objects.requireNonNull(answer, "answer"), this.delay);
        return this.stub;
    }
}
