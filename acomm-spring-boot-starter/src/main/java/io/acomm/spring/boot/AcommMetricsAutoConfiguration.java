package io.acomm.spring.boot;

import java.util.function.ToDoubleFunction;

import io.acomm.Provider;
import io.acomm.Tracker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * acomm's Micrometer meters, when there is a {@link MeterRegistry} (Spring Boot's metrics module,
 * {@code spring-boot-micrometer-metrics}, provides one): the gauge {@code acomm.tracker.requests}, the counter
 * {@code acomm.connections.refused} (tag {@code endpoint}: tracker, provider) and the meters of {@link AcommMetrics}.
 */
@AutoConfiguration(after = AcommAutoConfiguration.class,
        afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ Tracker.class, MeterRegistry.class })
public class AcommMetricsAutoConfiguration {

    /**
     * @param registry the meter registry
     * @return acomm's meters of responses, sends and tasks
     */
    @Bean
    @ConditionalOnMissingBean
    public AcommMetrics acommMetrics(MeterRegistry registry) {
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

    @Bean
    MeterBinder acommRefusedConnectionsCounters(Tracker tracker, ObjectProvider<ProviderLifecycle> providers) {
        return registry -> {
            refusedConnections(registry, "tracker", tracker, Tracker::refusedConnections);
            ProviderLifecycle lifecycle = providers.getIfAvailable();
            if (lifecycle != null) {
                refusedConnections(registry, "provider", lifecycle, providerLifecycle -> {
                    Provider provider = providerLifecycle.provider();
                    return provider == null ? 0 : provider.refusedConnections();
                });
            }
        };
    }

    private static <T> void refusedConnections(MeterRegistry registry, String endpoint, T source,
            ToDoubleFunction<T> count) {
        FunctionCounter.builder("acomm.connections.refused", source, count)
                .description("Connections closed at once because the maximum was open (acomm.unix.max-connections)")
                .tag("endpoint", endpoint)
                .register(registry);
    }
}
