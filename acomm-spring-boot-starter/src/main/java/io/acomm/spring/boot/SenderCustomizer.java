package io.acomm.spring.boot;

import io.acomm.Sender;

/**
 * Adjusts the auto-configured {@link Sender} before it is built, for example to add a transport or decorate the
 * existing ones. Every customizer bean is applied, in order.
 */
@FunctionalInterface
public interface SenderCustomizer {

    /**
     * @param builder the builder, already holding the JSON, codec and HTTP transport of the configuration
     */
    void customize(Sender.Builder builder);
}
