package io.acomm.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.SendException;
import io.acomm.Sender;
import io.acomm.test.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static io.acomm.spring.boot.AcommTestSupport.contextRunner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Deliveries to an {@code https://} hook whose certificate is self-signed, over real HTTPS: with the SSL bundle
 * {@code acomm.http.ssl.bundle} names, which trusts that certificate, each client delivers (a {@code RestTemplate},
 * a {@code RestClient}, and the JDK {@code HttpClient} of applications without Boot's builders, a reactive one
 * included); without it the delivery fails naming the URL. Start-up says which client delivers, once.
 * <p>
 * The hook's key is made for these tests with the JDK's {@code keytool}: an RSA key pair and its self-signed
 * certificate for {@code 127.0.0.1} and {@code localhost}, in a PKCS12 keystore that is the hook's keystore and,
 * through its certificate, the bundle's truststore.
 */
@ExtendWith(OutputCaptureExtension.class)
class AcommHttpSslBundleTests {

    private static final String PASSWORD = "acomm-test";

    @TempDir
    static Path keyDir;

    private static Path keystore;

    @TempDir
    Path socketDir;

    private HttpsServer server;

    private final List<byte[]> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void generateKeystore() throws IOException, InterruptedException {
        keystore = keyDir.resolve("hook.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hook", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as("keytool: %s", out).isZero();
    }

    @BeforeEach
    void startHttpsHook() throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.setHttpsConfigurator(new HttpsConfigurator(tls));
        this.server.createContext("/hook", exchange -> {
            this.received.add(exchange.getRequestBody().readAllBytes());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            byte[] ack = TestHttp.ACK_JSON.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ack.length);
            exchange.getResponseBody().write(ack);
            exchange.close();
        });
        this.server.start();
    }

    @AfterEach
    void stopHttpsHook() {
        this.server.stop(0);
    }

    private URI hook() {
        return URI.create("https://127.0.0.1:" + this.server.getAddress().getPort() + "/hook");
    }

    private static String[] bundle() {
        return new String[] { "spring.ssl.bundle.jks.hook.truststore.location=file:" + keystore,
            "spring.ssl.bundle.jks.hook.truststore.password=" + PASSWORD,
            "spring.ssl.bundle.jks.hook.truststore.type=PKCS12" };
    }

    /**
     * @param client {@code rest-template}, {@code rest-client}, or {@code jdk} for an application without Boot's
     *     builders
     */
    private ApplicationContextRunner runner(String client) {
        ApplicationContextRunner runner = client.equals("jdk")
                ? new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                        JacksonAutoConfiguration.class, AcommAutoConfiguration.class))
                        .withPropertyValues("acomm.tracker.socket-dir=" + this.socketDir)
                : contextRunner(this.socketDir).withPropertyValues("acomm.http.client=" + client);
        return runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class)).withPropertyValues(bundle());
    }

    private void assertDelivered(Sender sender) {
        Request request = Request.create("t", "unix:///x.sock", null);
        sender.send(hook(), Response.success(request, "over tls"));
        assertThat(this.received).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "rest-template", "rest-client", "jdk" })
    void deliveryTrustsTheHookThroughTheNamedBundle(String client, CapturedOutput output) {
        runner(client).withPropertyValues("acomm.http.ssl.bundle=hook")
                .run(context -> assertDelivered(context.getBean(Sender.class)));
        String clientName = switch (client) {
            case "rest-template" -> "a RestTemplate";
            case "rest-client" -> "a RestClient";
            default -> "the JDK HttpClient";
        };
        assertThat(output).containsOnlyOnce("acomm delivers to http(s) hooks with " + clientName)
                .contains("SSL bundle 'hook'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "rest-template", "rest-client", "jdk" })
    void withoutTheBundleTheSelfSignedHookIsNotTrustedAndTheFailureNamesTheUrl(String client) {
        runner(client).run(context -> {
            URI hook = hook();
            assertThatExceptionOfType(SendException.class)
                    .isThrownBy(() -> context.getBean(Sender.class).send(hook, Response.ack()))
                    .withMessageContaining(hook.toString())
                    .satisfies(ex -> assertThat(ex.destination()).isEqualTo(hook));
            assertThat(this.received).isEmpty();
        });
    }

    @Test
    void bundleThatDoesNotExistFailsStartUpNamingTheProperty() {
        runner("rest-template").withPropertyValues("acomm.http.ssl.bundle=missing").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("missing"));
        runner("jdk").withPropertyValues("acomm.http.ssl.bundle=missing").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("acomm.http.ssl.bundle"));
    }

    /**
     * A reactive web application has no {@code RestTemplateBuilder}: the JDK client delivers, with the bundle.
     */
    @Test
    void reactiveApplicationDeliversWithTheBundle(CapturedOutput output) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AcommTestApplication.class)
                .web(WebApplicationType.REACTIVE)
                .properties("server.port=0", "server.address=127.0.0.1", "acomm.tracker.socket-dir=" + this.socketDir,
                        "acomm.http.ssl.bundle=hook")
                .properties(bundle())
                .run()) {
            assertDelivered(context.getBean(Sender.class));
        }
        assertThat(output).containsOnlyOnce("acomm delivers to http(s) hooks with the JDK HttpClient")
                .contains("SSL bundle 'hook'");
    }
}
