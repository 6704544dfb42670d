package io.acomm.spring.boot;

import io.acomm.AcommJson;
import io.acomm.Tracker;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
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
@Import(AcommServerUrlsConfiguration.class)
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
}
