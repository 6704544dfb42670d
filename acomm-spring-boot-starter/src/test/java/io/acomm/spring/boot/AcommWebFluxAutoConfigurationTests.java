package io.acomm.spring.boot;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Tracker;
import io.acomm.test.TestHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static io.acomm.spring.boot.AcommTestSupport.AUTO_CONFIGURATIONS;
import static io.acomm.test.TestHttp.ACK_JSON;
import static io.acomm.test.TestHttp.postRaw;
import static io.acomm.test.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which beans a reactive web application gets, and the endpoint URLs derived from a reactive server under
 * {@code spring.webflux.base-path}.
 */
@ExtendWith(OutputCaptureExtension.class)
class AcommWebFluxAutoConfigurationTests {

    @TempDir
    Path socketDir;

    private ReactiveWebApplicationContextRunner reactiveRunner() {
        return new ReactiveWebApplicationContextRunner().withConfiguration(AUTO_CONFIGURATIONS)
                .withConfiguration(AutoConfigurations.of(WebFluxAutoConfiguration.class,
                        AcommWebFluxAutoConfiguration.class))
                .withPropertyValues("acomm.tracker.socket-dir=" + this.socketDir);
    }

    @Test
    void reactiveApplicationGetsTheWebFluxEndpointsAndSaysSo(CapturedOutput output) {
        reactiveRunner().withPropertyValues("acomm.http.base-path=/hooks").run(context -> {
            assertThat(context).hasSingleBean(AcommWebFluxHandler.class).hasBean("acommRouterFunction")
                    .doesNotHaveBean(AcommHttpController.class);
            assertThat(output).contains("acomm serves /hooks/responses and /hooks/stream with WebFlux");
        });
    }

    @Test
    void servletAndPlainApplicationsGetNoWebFluxEndpoints() {
        AcommTestSupport.webContextRunner(this.socketDir)
                .withConfiguration(AutoConfigurations.of(AcommWebFluxAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(AcommWebFluxHandler.class)
                        .hasSingleBean(AcommHttpController.class));
        AcommTestSupport.contextRunner(this.socketDir)
                .withConfiguration(AutoConfigurations.of(AcommWebFluxAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(AcommWebFluxHandler.class)
                        .doesNotHaveBean(AcommServerUrls.class));
    }

    /**
     * A reactive application on Reactor Netty under {@code spring.webflux.base-path}: the derived URLs include that
     * path and a response proxied externally is taken there and forwarded.
     */
    @Test
    void derivedUrlsOfAReactiveServerIncludeItsBasePath() throws Exception {
        try (TestHttpServer origin = TestHttpServer.start();
                ConfigurableApplicationContext context = new SpringApplicationBuilder(AcommTestApplication.class)
                        .web(WebApplicationType.REACTIVE)
                        .properties("server.port=0", "server.address=127.0.0.1", "spring.webflux.base-path=/app",
                                "acomm.http.base-path=/hooks", "acomm.tracker.socket-dir=" + this.socketDir)
                        .run()) {
            Tracker tracker = context.getBean(Tracker.class);
            String port = context.getEnvironment().getProperty("local.server.port");
            String base = "http://127.0.0.1:" + port + "/app/hooks";
            assertThat(tracker.externalProxyUrl()).isEqualTo(URI.create(base + "/responses"));
            assertThat(tracker.httpStreamUrl()).isEqualTo(URI.create(base + "/stream"));

            Request external = tracker.proxyExternal(Request.builder().task("reactive")
                    .responseHook(origin.hook()).build(), null);
            HttpResponse<byte[]> ack = postRaw(external.responseHook(),
                    context.getBean(AcommJson.class).encode(Response.success(external, "done")), false);
            assertThat(ack.statusCode()).isEqualTo(200);
            assertThat(new String(ack.body(), StandardCharsets.UTF_8)).isEqualTo(ACK_JSON);
            await().until(() -> origin.exchanges().size() == 1);
        }
    }
}
