package io.acomm.spring.boot;

import io.acomm.Provider;
import io.acomm.ProviderBuilder;

/**
 * Adjusts the auto-configured {@link Provider} before it is built, for example to add tasks that are not
 * {@code @AcommTask} methods or observers. Every customizer bean is applied, in order.
 */
@FunctionalInterface
public interface ProviderCustomizer {

    /**
     * @param builder the builder, already set from the {@code acomm.*} properties and holding the
     *     {@code @AcommTask} methods
     */
    void customize(ProviderBuilder builder);
}
