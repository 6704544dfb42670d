package io.acomm.spring.boot;

import io.acomm.AcommJson;
import io.acomm.Tracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the tracker's HTTP endpoints in a reactive web application with WebFlux ({@code spring-boot-webflux}),
 * as {@link AcommWebMvcAutoConfiguration} does with Spring MVC, and, with an embedded web server, derives the
 * tracker's HTTP stream URL and external proxy URL from it when they are not configured.
 */
@AutoConfiguration(after = AcommAutoConfiguration.class,
        afterName = "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBean(Tracker.class)
@Import(AcommServerUrlsConfiguration.class)
public class AcommWebFluxAutoConfiguration {

    private static final Logger logger = LoggerFactory.getLogger(AcommWebFluxAutoConfiguration.class);

    /**
     * @param tracker the tracker whose endpoints these are
     * @param json the wire JSON
     * @param properties the {@code acomm.*} properties
     * @return the handler of the responses and stream endpoints
     */
    @Bean
    @ConditionalOnMissingBean
    public AcommWebFluxHandler acommWebFluxHandler(Tracker tracker, AcommJson json, AcommProperties properties) {
        return new AcommWebFluxHandler(tracker, json, properties.getHttp().getMaxBodySize().toBytes());
    }

    /**
     * @param handler the handler of the endpoints
     * @param properties the {@code acomm.*} properties
     * @return the routes of the endpoints under {@code acomm.http.base-path}
     */
    @Bean
    @ConditionalOnMissingBean(name = "acommRouterFunction")
    public RouterFunction<ServerResponse> acommRouterFunction(AcommWebFluxHandler handler,
            AcommProperties properties) {
        String basePath = properties.getHttp().getBasePath();
        logger.info("acomm serves {}/responses and {}/stream with WebFlux", basePath, basePath);
        return handler.routes(basePath);
    }
}
