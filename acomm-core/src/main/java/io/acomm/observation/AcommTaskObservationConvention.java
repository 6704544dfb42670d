package io.acomm.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the {@link AcommObservation#TASK} observation. Implement it, or extend {@link
 * DefaultAcommTaskObservationConvention}, to change them, and give it to {@link
 * io.acomm.ProviderBuilder#taskObservationConvention} (in a Spring Boot application, declare it as a bean). A {@code
 * GlobalObservationConvention} of the registry applies when none is given.
 */
public interface AcommTaskObservationConvention extends ObservationConvention<AcommTaskContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof AcommTaskContext;
    }
}
