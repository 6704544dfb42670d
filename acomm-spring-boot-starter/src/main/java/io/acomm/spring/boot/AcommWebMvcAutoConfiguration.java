package io.acomm.spring.boot;

import io.acomm.AcommJson;
import io.acomm.Tracker;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Serves the tracker's HTTP endpoints in a servlet web application with Spring MVC ({@code spring-boot-webmvc}),
 * and, with an embedded web server ({@code spring-boot-web-server}), derives the tracker's HTTP stream URL and
 * external proxy URL from it when they are not configured.
 */
@AutoConfiguration(after = AcommAutoConfiguration.class,
        afterName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(Tracker.class)
public class AcommWebMvcAutoConfiguration {

    /**
     * @param tracker the tracker whose endpoints these are
     * @param json the wire JSON
     * @param properties the {@code acomm.*} properties
     * @return the controller of the responses and stream endpoints
     */
    @Bean
    @ConditionalOnMissingBean
    public AcommHttpController acommHttpController(Tracker tracker, AcommJson json, AcommProperties properties) {
        return new AcommHttpController(tracker, json, properties.getHttp().getMaxBodySize().toBytes());
    }

    /**
     * The endpoint URLs derived from the embedded web server once it knows its port.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebServerInitializedEvent.class)
    static class ServerUrlsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        AcommServerUrls acommServerUrls(Environment environment, AcommProperties properties) {
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
}
