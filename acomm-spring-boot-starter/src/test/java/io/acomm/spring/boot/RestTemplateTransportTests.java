package io.acomm.spring.boot;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.SendException;
import io.acomm.Sender;
import io.acomm.Tracker;
import io.acomm.spring.boot.AcommTestSupport.RecordingHttpServer;
import io.acomm.spring.boot.AcommTestSupport.RecordingHttpServer.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.http.client.ClientHttpRequestInterceptor;

import static io.acomm.spring.boot.AcommTestSupport.contextRunner;
import static io.acomm.spring.boot.AcommTestSupport.refusedUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * HTTP deliveries of the auto-configured {@link Sender} go through a {@code RestTemplate} from Boot's
 * {@link RestTemplateBuilder}, so the application's customisations reach a real HTTP server; failures are
 * {@link SendException}s naming the URL.
 */
class RestTemplateTransportTests {

    private static final String HEADER = "X-Acomm-Test";

    @TempDir
    Path socketDir;

    private RecordingHttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        this.server = new RecordingHttpServer();
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

    private ApplicationContextRunner customizedRunner() {
        return contextRunner(this.socketDir).withBean(RestTemplateCustomizer.class,
                () -> restTemplate -> restTemplate.getInterceptors().add(header("customized")));
    }

    @Test
    void applicationRestTemplateCustomizerReachesTheServer() {
        customizedRunner().run(context -> {
            Request request = Request.create("t", "unix:///x.sock", null);
            context.getBean(Sender.class).send(this.server.hook(), Response.success(request, 42));

            assertThat(this.server.exchanges()).hasSize(1);
            Exchange exchange = this.server.exchanges().get(0);
            assertThat(exchange.headers().getFirst(HEADER)).isEqualTo("customized");
            assertThat(exchange.headers().getFirst("Content-Type")).startsWith("application/json");
            Response posted = context.getBean(AcommJson.class).decodeResponse(exchange.body());
            assertThat(posted.id()).isEqualTo(request.id());
            assertThat(posted.rawResult().asInt()).isEqualTo(42);
        });
    }

    @Test
    void trackerForwardsProxiedResponsesThroughTheCustomizedRestTemplate() {
        customizedRunner().run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            Request remote = Request.builder().task("forwarded").responseHook(this.server.hook()).build();
            Request local = tracker.proxyUnix(remote);
            Response.success(local, "ok").send(tracker.url());

            await().until(() -> this.server.exchanges().size() == 1);
            Exchange exchange = this.server.exchanges().get(0);
            assertThat(exchange.headers().getFirst(HEADER)).isEqualTo("customized");
            assertThat(context.getBean(AcommJson.class).decodeResponse(exchange.body()).id()).isEqualTo(remote.id());
        });
    }

    @Test
    void applicationRestTemplateBuilderIsUsed() {
        contextRunner(this.socketDir)
                .withBean(RestTemplateBuilder.class, () -> new RestTemplateBuilder().defaultHeader(HEADER, "own"))
                .run(context -> {
                    context.getBean(Sender.class).send(this.server.hook(), Response.ack());
                    assertThat(this.server.exchanges().get(0).headers().getFirst(HEADER)).isEqualTo("own");
                });
    }

    @Test
    void withoutRestTemplateBuilderTheJdkTransportDelivers() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                        AcommAutoConfiguration.class))
                .withPropertyValues("acomm.tracker.socket-dir=" + this.socketDir)
                .withBean(RestTemplateCustomizer.class,
                        () -> restTemplate -> restTemplate.getInterceptors().add(header("customized")))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(RestTemplateBuilder.class);
                    context.getBean(Sender.class).send(this.server.hook(), Response.ack());
                    assertThat(this.server.exchanges()).hasSize(1);
                    assertThat(this.server.exchanges().get(0).headers().getFirst(HEADER)).isNull();
                });
    }

    @Test
    void emptySuccessfulBodyIsAccepted() {
        this.server.replyWith(204, "");
        customizedRunner().run(context -> {
            context.getBean(Sender.class).send(this.server.hook(), Response.ack());
            assertThat(this.server.exchanges()).hasSize(1);
        });
    }

    @ParameterizedTest(name = "HTTP {0} {1}")
    @CsvSource(delimiter = '|', value = {
            "500 | ''                                                    | HTTP 500",
            "500 | {\"error\":\"disk full\",\"id\":\"\",\"result\":null} | HTTP 500: disk full",
            "404 | ''                                                    | HTTP 404",
            "200 | {\"error\":\"unknown id\",\"id\":\"\",\"result\":null}| refused: unknown id",
            "200 | <html>not an ack</html>                               | invalid ack",
    })
    void refusalIsASendExceptionNamingTheUrl(int status, String body, String reason) {
        this.server.replyWith(status, body);
        customizedRunner().run(context -> {
            URI hook = this.server.hook();
            assertThatExceptionOfType(SendException.class)
                    .isThrownBy(() -> context.getBean(Sender.class).send(hook, Response.ack()))
                    .withMessageContaining(hook.toString())
                    .withMessageContaining(reason)
                    .satisfies(ex -> assertThat(ex.destination()).isEqualTo(hook));
        });
    }

    @Test
    void refusedConnectionIsASendExceptionNamingTheUrl() {
        URI refused = refusedUrl();
        customizedRunner().run(context -> assertThatExceptionOfType(SendException.class)
                .isThrownBy(() -> context.getBean(Sender.class).send(refused, Response.ack()))
                .withMessageContaining(refused.toString())
                .satisfies(ex -> assertThat(ex.destination()).isEqualTo(refused)));
    }
}
