package io.acomm.spring.boot;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.acomm.test.TestHttp;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application of the {@code @SpringBootTest} tests: acomm auto-configured as in a real application, plus a
 * controller standing for a remote HTTP service that receives forwarded responses.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AcommTestApplication.HookController.class)
class AcommTestApplication {

    /**
     * Receives responses at {@code POST /test/hook} and acks them as the protocol asks.
     */
    @RestController
    static class HookController {

        private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

        @PostMapping(path = "/test/hook", produces = MediaType.APPLICATION_JSON_VALUE)
        String hook(@RequestBody byte[] body) {
            this.received.add(body);
            return TestHttp.ACK_JSON;
        }

        BlockingQueue<byte[]> received() {
            return this.received;
        }
    }
}
