package io.acomm.sample.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import io.acomm.Sender;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The floor of an acomm HTTP delivery on this machine: the same POST of a response-sized JSON body, sent by the same
 * {@link Sender} (so the same HTTP client, with its connection reuse) to the same embedded server, answered by a
 * fixed ack from a bare servlet that does nothing else. No decoding, no tracking, no unix hops.
 */
final class HttpFloor {

    static final String PATH = "/bench/http-floor";

    private static final byte[] ACK = "{\"error\":\"\",\"id\":\"\",\"result\":null,\"stream_url\":null}"
            .getBytes(StandardCharsets.UTF_8);

    private static final byte[] BODY = ("{\"error\":\"\",\"id\":\"5f0c2f7e-8c2a-4d1e-9a52-3c1f0b7d6e21\","
            + "\"result\":{\"sum\":6},\"stream_url\":null}").getBytes(StandardCharsets.UTF_8);

    private final Sender sender;
    private final URI url;

    HttpFloor(Sender sender, URI serverUrl) {
        this.sender = sender;
        this.url = serverUrl.resolve(PATH);
    }

    /**
     * @return registers the floor's servlet in the benchmark's application context, and only there
     */
    static ApplicationContextInitializer<GenericApplicationContext> servlet() {
        return context -> context.registerBean("benchHttpFloor", ServletRegistrationBean.class,
                () -> new ServletRegistrationBean<>(new AckServlet(), PATH));
    }

    /**
     * One delivery: POST and check the ack, as the sender does for a response.
     */
    void roundTrip() {
        this.sender.sendEncoded(this.url, BODY);
    }

    /** Reads the body and answers with the fixed ack. */
    private static final class AckServlet extends HttpServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            try (InputStream in = request.getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            response.setContentType("application/json");
            response.setContentLength(ACK.length);
            response.getOutputStream().write(ACK);
        }
    }
}
