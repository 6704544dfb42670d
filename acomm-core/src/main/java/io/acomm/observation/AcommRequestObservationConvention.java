package io.acomm.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the {@link AcommObservation#REQUEST} observation. Implement it, or extend {@link
 * DefaultAcommRequestObservationConvention}, to change them, and give it to {@link
 * io.acomm.TrackerBuilder#requestObservationConvention} (in a Spring Boot application, declare it as a bean). A
 * {@code GlobalObservationConvention} of the registry applies when none is given.
 */
public interface AcommRequestObservationConvention extends ObservationConvention<AcommRequestContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof AcommRequestContext;
    }
}
