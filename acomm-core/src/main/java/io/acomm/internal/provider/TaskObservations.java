package io.acomm.internal.provider;

import io.acomm.Request;
import io.acomm.observation.AcommObservation;
import io.acomm.observation.AcommTaskContext;
import io.acomm.observation.AcommTaskObservationConvention;
import io.acomm.observation.DefaultAcommTaskObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A provider's {@link AcommObservation#TASK} observations, one for each request it serves, which continue the
 * trace of the request's caller when trace context propagates. A convention given replaces the default one; without
 * one, a global convention of the registry does.
 */
public final class TaskObservations {

    private final ObservationRegistry registry;
    private final boolean propagate;
    private final @Nullable AcommTaskObservationConvention convention;
    private final AcommTaskObservationConvention defaultConvention = new DefaultAcommTaskObservationConvention();

    /**
     * @param registry where the observations go
     * @param propagate whether the caller's trace context is read from the requests
     * @param convention replaces the default convention, or {@code null}
     */
    public TaskObservations(ObservationRegistry registry, boolean propagate,
            @Nullable AcommTaskObservationConvention convention) {
        this.registry = registry;
        this.propagate = propagate;
        this.convention = convention;
    }

    /**
     * @param request the request whose task is about to run
     * @param knownTask whether the provider serves its task
     * @return the started observation of its task ({@link TaskObservation#NONE} without a registry)
     */
    TaskObservation start(Request request, boolean knownTask) {
        if (this.registry.isNoop()) {
            return TaskObservation.NONE;
        }
        AcommTaskContext context = new AcommTaskContext(request, knownTask, this.propagate);
        Observation observation = AcommObservation.TASK.start(this.convention, this.defaultConvention, () -> context,
                this.registry);
        return new TaskObservation(context, observation);
    }
}
