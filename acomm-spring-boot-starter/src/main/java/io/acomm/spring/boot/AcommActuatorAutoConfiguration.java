package io.acomm.spring.boot;

import io.acomm.Tracker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code acomm} health indicator and Micrometer meters, when Actuator and Micrometer are present: the gauge
 * {@code acomm.tracker.requests} and the meters of {@link AcommMetrics}.
 */
@AutoConfiguration(after = { AcommAutoConfiguration.class, MetricsAutoConfiguration.class,
        CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnBean(Tracker.class)
public class AcommActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("acomm")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "acommHealthIndicator")
        AcommHealthIndicator acommHealthIndicator(Tracker tracker, ObjectProvider<ProviderLifecycle> provider) {
            return new AcommHealthIndicator(tracker, provider.getIfAvailable());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        AcommMetrics acommMetrics(MeterRegistry registry) {
            return new AcommMetrics(registry);
        }

        @Bean
        TrackerCustomizer acommMetricsTrackerCustomizer(AcommMetrics metrics) {
            return builder -> builder.addObserver(metrics);
        }

        @Bean
        ProviderCustomizer acommMetricsProviderCustomizer(AcommMetrics metrics) {
            return builder -> builder.addObserver(metrics);
        }

        @Bean
        SenderCustomizer acommMetricsSenderCustomizer(AcommMetrics metrics) {
            return builder -> builder.transportDecorator(metrics::measure);
        }

        @Bean
        MeterBinder acommTrackerRequestsGauge(Tracker tracker) {
            return registry -> Gauge.builder("acomm.tracker.requests", tracker, Tracker::numRequests)
                    .description("Requests the acomm tracker waits for a response to")
                    .register(registry);
        }
    }
}
