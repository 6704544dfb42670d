package io.acomm.spring.boot;

import java.nio.file.Path;

import io.acomm.Provider;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Tracker;
import io.acomm.test.TestTrackers;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;

/**
 * What the starter's tests need of Spring: context runners with the acomm auto-configurations, the provider and
 * tasks of a context, and an application Jackson module. The helpers that need no Spring (raw socket clients,
 * trackers, HTTP servers and clients) are acomm-core's, in {@code io.acomm.test}.
 */
final class AcommTestSupport {

    /** The acomm auto-configurations and the Boot ones they build on. */
    static final AutoConfigurations AUTO_CONFIGURATIONS = AutoConfigurations.of(JacksonAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class, HttpClientAutoConfiguration.class,
            ImperativeHttpClientAutoConfiguration.class, RestTemplateAutoConfiguration.class,
            RestClientAutoConfiguration.class, AcommAutoConfiguration.class, AcommWebMvcAutoConfiguration.class,
            AcommHealthAutoConfiguration.class, AcommMetricsAutoConfiguration.class);

    private static final AutoConfigurations WEB_MVC = AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class);

    private AcommTestSupport() {
    }

    /**
     * @param socketDir where the tracker's socket goes (keep it short: unix socket paths are limited to 107 bytes)
     * @return a runner for a plain (non-web) application
     */
    static ApplicationContextRunner contextRunner(Path socketDir) {
        return new ApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
                .withPropertyValues("acomm.tracker.socket-dir=" + socketDir);
    }

    /**
     * @return a runner for a servlet web application with Spring MVC but no web server
     */
    static WebApplicationContextRunner webContextRunner(Path socketDir) {
        return new WebApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS).withConfiguration(WEB_MVC)
                .withPropertyValues("acomm.tracker.socket-dir=" + socketDir);
    }

    /**
     * @return a runner for a servlet web application with a real embedded Tomcat on a free loopback port
     */
    static WebApplicationContextRunner webServerContextRunner(Path socketDir) {
        return new WebApplicationContextRunner(AnnotationConfigServletWebServerApplicationContext::new)
                .withConfiguration(AUTO_CONFIGURATIONS).withConfiguration(WEB_MVC)
                .withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class))
                .withPropertyValues("acomm.tracker.socket-dir=" + socketDir, "server.port=0",
                        "server.address=127.0.0.1");
    }

    /**
     * @return the provider socket of {@link #providerRunner(Path)} in a socket directory
     */
    static Path providerSocket(Path socketDir) {
        return socketDir.resolve("p.sock");
    }

    /**
     * @return a runner for a plain application whose provider (if it serves any task) listens on
     *     {@link #providerSocket(Path)}
     */
    static ApplicationContextRunner providerRunner(Path socketDir) {
        return contextRunner(socketDir).withPropertyValues("acomm.provider.socket-path=" + providerSocket(socketDir));
    }

    /**
     * @return the running provider of a context
     */
    static Provider provider(ApplicationContext context) {
        Provider provider = context.getBean(ProviderLifecycle.class).provider();
        if (provider == null) {
            throw new AssertionError("the context runs no acomm provider");
        }
        return provider;
    }

    /**
     * Sends a request for a task to the context's provider through the context's tracker and waits for the
     * response (an error response included).
     */
    static Response callTask(ApplicationContext context, String task, Object args) {
        return TestTrackers.callTask(context.getBean(Tracker.class), provider(context).url(),
                Request.builder().task(task).args(args).build());
    }

    /**
     * An application type that only the application's own Jackson module can read and write (as {@code "21.5C"}).
     */
    record Temperature(double celsius) {
    }

    /**
     * @return the application's Jackson module for {@link Temperature}
     */
    static JacksonModule temperatureModule() {
        return new SimpleModule("temperature")
                .addSerializer(Temperature.class, new StdSerializer<>(Temperature.class) {
                    @Override
                    public void serialize(Temperature value, JsonGenerator generator, SerializationContext context) {
                        generator.writeString(value.celsius() + "C");
                    }
                })
                .addDeserializer(Temperature.class, new StdDeserializer<>(Temperature.class) {
                    @Override
                    public Temperature deserialize(JsonParser parser, DeserializationContext context) {
                        String text = parser.getValueAsString();
                        if (text == null || !text.endsWith("C")) {
                            throw context.weirdStringException(text, Temperature.class, "not like 21.5C");
                        }
                        return new Temperature(Double.parseDouble(text.substring(0, text.length() - 1)));
                    }
                });
    }
}
