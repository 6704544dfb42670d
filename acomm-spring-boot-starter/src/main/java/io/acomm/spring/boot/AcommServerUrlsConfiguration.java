package io.acomm.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The endpoint URLs derived from the embedded web server once it knows its port, servlet or reactive, for the
 * tracker's HTTP stream URL and external proxy URL that are not configured. Imported by
 * {@link AcommWebMvcAutoConfiguration} and {@link AcommWebFluxAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(WebServerInitializedEvent.class)
class AcommServerUrlsConfiguration {

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
