package io.acomm.internal.provider;

import java.util.function.Supplier;

import io.acomm.Response;
import io.acomm.observation.AcommTaskContext;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The started {@link io.acomm.observation.AcommObservation#TASK} observation of a request a provider serves: its task
 * runs within it, and it ends once the response was delivered, or its delivery failed.
 */
final class TaskObservation {

    /** What a provider without an observation registry uses: it costs nothing per request. */
    static final TaskObservation NONE = new TaskObservation(null, Observation.NOOP);

    private final @Nullable AcommTaskContext context;
    private final Observation observation;

    TaskObservation(@Nullable AcommTaskContext context, Observation observation) {
        this.context = context;
        this.observation = observation;
    }

    /**
     * Runs a task within the observation's scope, so that what the task observes (the requests it sends) continues
     * the trace.
     * @param task runs the task
     * @param <T> what it gives
     * @return what it gave
     */
    <T> T scoped(Supplier<T> task) {
        return this.observation.scoped(task);
    }

    /**
     * @param failure what the task threw
     */
    void taskFailed(Throwable failure) {
        this.observation.error(failure);
    }

    /**
     * Ends the observation with the task's response.
     * @param response the response
     * @param deliveryFailure why the response could not be delivered, or {@code null}
     */
    void ended(Response response, @Nullable Throwable deliveryFailure) {
        if (this.context != null) {
            this.context.setResponse(response);
        }
        if (deliveryFailure != null) {
            this.observation.error(deliveryFailure);
        }
        this.observation.stop();
    }
}
