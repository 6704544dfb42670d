package io.acomm.spring.boot;

import io.acomm.Tracker;
import io.acomm.TrackerBuilder;

/**
 * Adjusts the auto-configured {@link Tracker} before it is built. Every customizer bean is applied, in order.
 */
@FunctionalInterface
public interface TrackerCustomizer {

    /**
     * @param builder the builder, already set from the {@code acomm.*} properties
     */
    void customize(TrackerBuilder builder);
}
