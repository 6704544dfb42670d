package io.acomm.spring.boot;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.SendException;
import io.acomm.Sender;
import io.acomm.Tracker;
import io.acomm.spring.boot.AcommProperties.Http.Client;
import io.acomm.test.SilentHttpServer;
import io.acomm.test.TestHttpServer;
import io.acomm.test.TestHttpServer.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

import static io.acomm.spring.boot.AcommTestSupport.contextRunner;
import static io.acomm.test.TestSupport.await;
import static io.acomm.test.TestSupport.refusedUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * HTTP deliveries of the auto-configured {@link Sender} go through the Spring client {@code acomm.http.client}
 * selects, built from Boot's builder for it, so the application's customizers and {@code spring.http.clients.*}
 * settings reach a real HTTP server, with acomm's timeouts; failures are {@link SendException}s naming the URL.
 * Each client's customizer marks the requests with the client's name, which tells the client that posted.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringHttpTransportTests {

    private static final String HEADER = "X-Acomm-Test";

    @TempDir
    Path socketDir;

    private TestHttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        this.server = TestHttpServer.start();
    }

    @AfterEach
    void stopServer() {
        this.server.close();
    }

    private static ClientHttpRequestInterceptor header(String value) {
        return (request, body, execution) -> {
            request.getHeaders().add(HEADER, value);
            return execution.execute(request, body);
        };
    }

    /**
     * @return a plain application delivering with the client, with a customizer for each client that marks the
     *     requests with that client's name
     */
    private ApplicationContextRunner runner(Client client) {
        return contextRunner(this.socketDir).withPropertyValues("acomm.http.client=" + client)
                .withUserConfiguration(MarkingCustomizers.class);
    }

    private String markOf(Exchange exchange) {
        return exchange.headers().getFirst(HEADER);
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void applicationCustomizerOfTheSelectedClientReachesTheServer(Client client) {
        runner(client).run(context -> {
            Request request = Request.create("t", "unix:///x.sock", null);
            context.getBean(Sender.class).send(this.server.hook(), Response.success(request, 42));

            assertThat(this.server.exchanges()).hasSize(1);
            Exchange exchange = this.server.exchanges().get(0);
            assertThat(markOf(exchange)).isEqualTo(client.toString());
            assertThat(exchange.headers().getFirst("Content-Type")).startsWith("application/json");
            Response posted = context.getBean(AcommJson.class).decodeResponse(exchange.body());
            assertThat(posted.id()).isEqualTo(request.id());
            assertThat(posted.rawResult().asInt()).isEqualTo(42);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "REST_CLIENT", "restClient", "Rest-Client" })
    void everySpellingTheBinderAcceptsSelectsTheClient(String spelling) {
        contextRunner(this.socketDir).withPropertyValues("acomm.http.client=" + spelling)
                .withUserConfiguration(MarkingCustomizers.class).run(context -> {
                    assertThat(context.getBean(AcommProperties.class).getHttp().getClient())
                            .isEqualTo(Client.REST_CLIENT);
                    context.getBean(Sender.class).send(this.server.hook(), Response.ack());
                    assertThat(markOf(this.server.exchanges().get(0))).isEqualTo("rest-client");
                });
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void trackerForwardsProxiedResponsesThroughTheCustomizedClient(Client client) {
        runner(client).run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            Request remote = Request.builder().task("forwarded").responseHook(this.server.hook()).build();
            Request local = tracker.proxyUnix(remote);
            Sender.defaults().send(tracker.url(), Response.success(local, "ok"));

            await().until(() -> this.server.exchanges().size() == 1);
            Exchange exchange = this.server.exchanges().get(0);
            assertThat(markOf(exchange)).isEqualTo(client.toString());
            assertThat(context.getBean(AcommJson.class).decodeResponse(exchange.body()).id()).isEqualTo(remote.id());
        });
    }

    /**
     * A web application with the starter and Spring MVC, fully auto-configured, delivers through the client it
     * selects, built from Boot's builder with the application's customizers.
     */
    @ParameterizedTest
    @EnumSource(Client.class)
    void autoConfiguredWebApplicationDeliversThroughTheSelectedClient(Client client) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AcommTestApplication.class,
                MarkingCustomizers.class).web(WebApplicationType.SERVLET)
                .properties("server.port=0", "server.address=127.0.0.1", "acomm.http.client=" + client,
                        "acomm.tracker.socket-dir=" + this.socketDir)
                .run()) {
            context.getBean(Sender.class).send(this.server.hook(), Response.ack());
            assertThat(markOf(this.server.exchanges().get(0))).isEqualTo(client.toString());
        }
    }

    @Test
    void applicationRestTemplateBuilderIsUsed() {
        contextRunner(this.socketDir)
                .withBean(RestTemplateBuilder.class, () -> new RestTemplateBuilder().defaultHeader(HEADER, "own"))
                .run(context -> {
                    context.getBean(Sender.class).send(this.server.hook(), Response.ack());
                    assertThat(markOf(this.server.exchanges().get(0))).isEqualTo("own");
                });
    }

    @Test
    void applicationRestClientBuilderIsUsed() {
        contextRunner(this.socketDir).withPropertyValues("acomm.http.client=rest-client")
                .withBean(RestClient.Builder.class, () -> RestClient.builder().defaultHeader(HEADER, "own"))
                .run(context -> {
                    context.getBean(Sender.class).send(this.server.hook(), Response.ack());
                    assertThat(markOf(this.server.exchanges().get(0))).isEqualTo("own");
                });
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void emptySuccessfulBodyIsAccepted(Client client) {
        this.server.replyWith(204, "");
        runner(client).run(context -> {
            context.getBean(Sender.class).send(this.server.hook(), Response.ack());
            assertThat(this.server.exchanges()).hasSize(1);
        });
    }

    static Stream<Arguments> refusals() {
        Stream<Arguments> refusals = Stream.of(
                Arguments.of(500, "", "HTTP 500"),
                Arguments.of(500, "{\"error\":\"disk full\",\"id\":\"\",\"result\":null}", "HTTP 500: disk full"),
                Arguments.of(404, "", "HTTP 404"),
                Arguments.of(200, "{\"error\":\"unknown id\",\"id\":\"\",\"result\":null}", "refused: unknown id"),
                Arguments.of(200, "<html>not an ack</html>", "invalid ack"));
        return refusals.flatMap(refusal -> Arrays.stream(Client.values()).map(client -> {
            Object[] values = refusal.get();
            return Arguments.of(client, values[0], values[1], values[2]);
        }));
    }

    @ParameterizedTest(name = "{0}: HTTP {1} {2}")
    @MethodSource("refusals")
    void refusalIsASendExceptionNamingTheUrl(Client client, int status, String body, String reason) {
        this.server.replyWith(status, body);
        runner(client).run(context -> {
            URI hook = this.server.hook();
            assertThatExceptionOfType(SendException.class)
                    .isThrownBy(() -> context.getBean(Sender.class).send(hook, Response.ack()))
                    .withMessageContaining(hook.toString())
                    .withMessageContaining(reason)
                    .satisfies(ex -> assertThat(ex.destination()).isEqualTo(hook));
        });
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void refusedConnectionIsASendExceptionNamingTheUrl(Client client) {
        URI refused = refusedUrl();
        runner(client).run(context -> assertThatExceptionOfType(SendException.class)
                .isThrownBy(() -> context.getBean(Sender.class).send(refused, Response.ack()))
                .withMessageContaining(refused.toString())
                .satisfies(ex -> assertThat(ex.destination()).isEqualTo(refused)));
    }

    /**
     * A hook that accepts the connection and never answers fails the delivery once {@code acomm.http.read-timeout}
     * has passed, far sooner than the 30 second default.
     */
    @ParameterizedTest
    @EnumSource(Client.class)
    void hookThatNeverAnswersFailsTheDeliveryAfterTheReadTimeout(Client client) throws IOException {
        try (SilentHttpServer silent = new SilentHttpServer()) {
            runner(client).withPropertyValues("acomm.http.read-timeout=300ms").run(context -> {
                assertSendTimesOut(context.getBean(Sender.class), silent.hook());
                await().untilAsserted(() -> assertThat(silent.connections()).isEqualTo(1));
            });
        }
    }

    private static void assertSendTimesOut(Sender sender, URI hook) {
        long start = System.nanoTime();
        assertThatExceptionOfType(SendException.class).isThrownBy(() -> sender.send(hook, Response.ack()))
                .withMessageContaining(hook.toString())
                .satisfies(ex -> assertThat(ex.destination()).isEqualTo(hook));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    /**
     * The application's {@code spring.http.clients.*} settings apply along with acomm's timeouts: redirects are
     * followed by default, and not with {@code redirects=dont-follow}.
     */
    @ParameterizedTest
    @EnumSource(Client.class)
    void applicationsHttpClientSettingsApply(Client client) throws IOException {
        try (TestHttpServer target = TestHttpServer.start()) {
            this.server.redirectTo(target.hook());
            runner(client).run(context -> {
                context.getBean(Sender.class).send(this.server.hook(), Response.ack());
                assertThat(target.exchanges()).hasSize(1);
            });
            runner(client).withPropertyValues("spring.http.clients.redirects=dont-follow").run(context -> {
                URI hook = this.server.hook();
                assertThatExceptionOfType(SendException.class)
                        .isThrownBy(() -> context.getBean(Sender.class).send(hook, Response.ack()))
                        .withMessageContaining(hook.toString())
                        .withMessageContaining("HTTP 302");
            });
            assertThat(target.exchanges()).hasSize(1);
        }
    }

    /**
     * Without Boot's builders (as in a reactive application), the JDK {@code HttpClient} delivers, with acomm's
     * timeouts and without the customizers, and start-up says so.
     */
    @Test
    void withoutBootsBuildersTheJdkClientDeliversWithAcommsTimeouts(CapturedOutput output) throws IOException {
        try (SilentHttpServer silent = new SilentHttpServer()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                            AcommAutoConfiguration.class))
                    .withPropertyValues("acomm.tracker.socket-dir=" + this.socketDir,
                            "acomm.http.read-timeout=300ms")
                    .withUserConfiguration(MarkingCustomizers.class)
                    .run(context -> {
                        assertThat(context).doesNotHaveBean(RestTemplateBuilder.class)
                                .doesNotHaveBean(RestClient.Builder.class);
                        Sender sender = context.getBean(Sender.class);
                        sender.send(this.server.hook(), Response.ack());
                        assertThat(this.server.exchanges()).hasSize(1);
                        assertThat(markOf(this.server.exchanges().get(0))).isNull();
                        assertSendTimesOut(sender, silent.hook());
                    });
        }
        assertThat(output).containsOnlyOnce("acomm delivers to http(s) hooks with the JDK HttpClient")
                .contains("acomm.http.client=rest-template");
    }

    @Test
    void applicationSenderCustomizerCanReplaceTheHttpTransport() {
        runner(Client.REST_TEMPLATE).withBean(SenderCustomizer.class,
                () -> builder -> builder.transport("http", (destination, message) -> {
                    throw new SendException(destination, "replaced");
                })).run(context -> {
                    URI hook = this.server.hook();
                    assertThatExceptionOfType(SendException.class)
                            .isThrownBy(() -> context.getBean(Sender.class).send(hook, Response.ack()))
                            .withMessageContaining("replaced");
                    assertThat(this.server.exchanges()).isEmpty();
                });
    }

    /**
     * A {@code RestTemplateCustomizer} and a {@code RestClientCustomizer} that mark requests with the name of the
     * client they customize.
     */
    @Configuration(proxyBeanMethods = false)
    static class MarkingCustomizers {

        @Bean
        RestTemplateCustomizer markingRestTemplateCustomizer() {
            return restTemplate -> restTemplate.getInterceptors().add(header(Client.REST_TEMPLATE.toString()));
        }

        @Bean
        RestClientCustomizer markingRestClientCustomizer() {
            return builder -> builder.requestInterceptor(header(Client.REST_CLIENT.toString()));
        }
    }
}
