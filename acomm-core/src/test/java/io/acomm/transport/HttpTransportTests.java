package io.acomm.transport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.SendException;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.acomm.test.TestSupport.tree;
import static io.acomm.test.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpTransportTests {

    @RegisterExtension
    final TestSupport.Servers servers = new TestSupport.Servers();

    private final AcommJson json = AcommJson.defaults();

    private final HttpTransport transport = HttpTransport.create(this.json);

    private final Request request = Request.create("vm.create", "http://127.0.0.1:1/hook", Map.of("cpus", 2));

    /** What the embedded server saw of one POST. */
    record Received(String method, String path, String contentType, byte[] body) {
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    /** Starts a server that records each request and answers with the status and body (null for none). */
    private URI serverAnswering(int status, String body) throws IOException {
        HttpServer server = this.servers.http(exchange -> {
            try (exchange) {
                record(exchange);
                byte[] bytes = body == null ? new byte[0] : utf8(body);
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/acomm/hook?token=abc");
    }

    private void record(HttpExchange exchange) throws IOException {
        this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes()));
    }

    private void send(URI url) {
        this.transport.send(url, this.json.encode(this.request));
    }

    @Test
    void okAckIsSuccessAndTheServerGetsJsonWithItsContentType() throws Exception {
        URI url = serverAnswering(200, new String(this.json.encode(Response.ack())));

        send(url);

        Received post = TestSupport.poll(this.received);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo("/acomm/hook?token=abc");
        assertThat(post.contentType()).isEqualTo("application/json");
        assertThat(tree(post.body())).isEqualTo(tree(this.json.encode(this.request)));
    }

    @Test
    void emptyBodyWith2xxIsSuccess() throws Exception {
        assertThatCode(() -> send(serverAnswering(200, null))).doesNotThrowAnyException();
        assertThatCode(() -> send(serverAnswering(204, null))).doesNotThrowAnyException();
        assertThatCode(() -> send(serverAnswering(202, null))).doesNotThrowAnyException();
    }

    @Test
    void serverErrorFailsNamingUrlAndStatus() throws Exception {
        URI url = serverAnswering(500, "internal trouble");

        assertThatThrownBy(() -> send(url))
                .isInstanceOfSatisfying(SendException.class, ex -> assertThat(ex.destination()).isEqualTo(url))
                .hasMessageContaining(url.toString()).hasMessageContaining("HTTP 500");
    }

    @Test
    void clientErrorWithAnErrorAckCarriesTheAckMessage() throws Exception {
        URI url = serverAnswering(400, "{\"error\":\"invalid request: missing id\",\"id\":\"\"}");

        assertThatThrownBy(() -> send(url)).isInstanceOf(SendException.class).hasMessageContaining("HTTP 400")
                .hasMessageContaining("invalid request: missing id");
    }

    @Test
    void errorAckWith2xxFailsWithTheRefusal() throws Exception {
        URI url = serverAnswering(200, new String(this.json.encode(Response.errorAck("unknown id 42"))));

        assertThatThrownBy(() -> send(url)).isInstanceOf(SendException.class)
                .hasMessageContaining(url.toString()).hasMessageContaining("refused: unknown id 42");
    }

    @Test
    void invalidAckWith2xxFails() throws Exception {
        URI url = serverAnswering(200, "<html>hello</html>");

        assertThatThrownBy(() -> send(url)).isInstanceOf(SendException.class)
                .hasMessageContaining("HTTP 200 with an invalid ack");
    }

    @Test
    void connectionRefusedFailsNamingTheUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + closedPort + "/hook");

        assertThatThrownBy(() -> send(url)).isInstanceOf(SendException.class)
                .hasMessageContaining("send to " + url + " failed");
    }

    @Test
    void slowServerFailsAfterTheRequestTimeout() throws Exception {
        HttpServer server = this.servers.http(exchange -> {
            try (exchange) {
                // the slow server's behaviour: it answers long after the client's timeout
                Thread.sleep(2_000);
                exchange.sendResponseHeaders(200, -1);
            }
            catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        HttpTransport impatient = new HttpTransport(this.json, HttpClient.newHttpClient(), Duration.ofMillis(200));

        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.send(url, this.json.encode(this.request)))
                .isInstanceOf(SendException.class).hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void theSmallerOfTheCallersAndTheRequestTimeoutApplies() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        HttpServer server = this.servers.http(exchange -> {
            try (exchange) {
                answer.await(5, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(200, -1);
            }
            catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        byte[] message = this.json.encode(this.request);
        HttpTransport patient = new HttpTransport(this.json, HttpClient.newHttpClient(), Duration.ofSeconds(30));
        HttpTransport impatient = new HttpTransport(this.json, HttpClient.newHttpClient(), Duration.ofMillis(200));

        try {
            for (Runnable send : List.<Runnable>of(() -> patient.send(url, message, Duration.ofMillis(200)),
                    () -> impatient.send(url, message, Duration.ofDays(1)))) {
                long start = System.nanoTime();
                assertThatThrownBy(send::run).isInstanceOf(SendException.class).hasMessageContaining("timed out");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            }
        }
        finally {
            answer.countDown();
        }
        assertThatThrownBy(() -> patient.send(url, message, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
    }
}
