package io.acomm.spring.boot;

import io.acomm.Tracker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code acomm} health indicator, when Spring Boot's health module ({@code spring-boot-health}, which Actuator
 * brings) is present and {@code management.health.acomm.enabled} is not {@code false}.
 */
@AutoConfiguration(after = AcommAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Tracker.class)
public class AcommHealthAutoConfiguration {

    /**
     * @param tracker the tracker
     * @param provider the provider's lifecycle, if there is one
     * @return the {@code acomm} health indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "acommHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("acomm")
    public AcommHealthIndicator acommHealthIndicator(Tracker tracker, ObjectProvider<ProviderLifecycle> provider) {
        return new AcommHealthIndicator(tracker, provider.getIfAvailable());
    }
}
