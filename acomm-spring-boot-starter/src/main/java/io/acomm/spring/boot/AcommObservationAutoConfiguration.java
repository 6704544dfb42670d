package io.acomm.spring.boot;

import io.acomm.Tracker;
import io.acomm.observation.AcommRequestObservationConvention;
import io.acomm.observation.AcommResponseObservationConvention;
import io.acomm.observation.AcommTaskObservationConvention;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;

/**
 * acomm's Micrometer observations ({@link io.acomm.observation.AcommObservation}), when
 * {@code acomm.observation.enabled=true} (off by default, as Spring Kafka's and Spring AMQP's observations are, since
 * every message pays for them) and there is an {@link ObservationRegistry} (Spring Boot's
 * {@code spring-boot-micrometer-observation}, which the actuator brings, provides one): the tracker and the provider observe into it, with the application's
 * {@link AcommRequestObservationConvention}, {@link AcommResponseObservationConvention} and
 * {@link AcommTaskObservationConvention} beans when it has them, and propagate the W3C trace context of requests
 * unless {@code acomm.observation.propagation=false}. With a tracer (Micrometer Tracing), a provider's tasks continue
 * the traces of their callers.
 */
@AutoConfiguration(after = AcommAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnBooleanProperty("acomm.observation.enabled")
@ConditionalOnBean({ Tracker.class, ObservationRegistry.class })
public class AcommObservationAutoConfiguration {

    @Bean
    TrackerCustomizer acommObservationTrackerCustomizer(ObservationRegistry registry, AcommProperties properties,
            ObjectProvider<AcommRequestObservationConvention> requestConvention,
            ObjectProvider<AcommResponseObservationConvention> responseConvention) {
        return builder -> {
            builder.observationRegistry(registry).tracePropagation(properties.getObservation().isPropagation());
            requestConvention.ifAvailable(builder::requestObservationConvention);
            responseConvention.ifAvailable(builder::responseObservationConvention);
        };
    }

    @Bean
    ProviderCustomizer acommObservationProviderCustomizer(ObservationRegistry registry, AcommProperties properties,
            ObjectProvider<AcommTaskObservationConvention> taskConvention) {
        return builder -> {
            builder.observationRegistry(registry).tracePropagation(properties.getObservation().isPropagation());
            taskConvention.ifAvailable(builder::taskObservationConvention);
        };
    }
}
