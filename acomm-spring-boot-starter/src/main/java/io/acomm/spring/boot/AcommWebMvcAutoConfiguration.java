package io.acomm.spring.boot;

import io.acomm.AcommJson;
import io.acomm.Tracker;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Serves the tracker's HTTP endpoints in a servlet web application with Spring MVC, and derives the tracker's HTTP
 * stream URL and external proxy URL from the web server when they are not configured.
 */
@AutoConfiguration(after = AcommAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(Tracker.class)
public class AcommWebMvcAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public AcommHttpController acommHttpController(Tracker tracker, AcommJson json, AcommProperties properties) {
        return new AcommHttpController(tracker, json, properties.getHttp().getMaxBodySize().toBytes());
    }

    @Bean
    @ConditionalOnMissingBean
    public AcommServerUrls acommServerUrls(Environment environment, AcommProperties properties) {
        return new AcommServerUrls(environment, properties.getHttp().getBasePath());
    }

    @Bean
    TrackerCustomizer acommServerUrlsTrackerCustomizer(AcommServerUrls urls, AcommProperties properties) {
        return builder -> {
            if (properties.getTracker().getHttpStreamUrl() == null) {
                builder.httpStreamUrlSupplier(urls::streamUrl);
            }
            if (properties.getTracker().getExternalProxyUrl() == null) {
                builder.externalProxyUrlSupplier(urls::responsesUrl);
            }
        };
    }
}
