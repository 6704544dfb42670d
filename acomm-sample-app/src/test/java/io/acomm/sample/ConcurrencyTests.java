package io.acomm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import tools.jackson.databind.JsonNode;

import io.acomm.Tracker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * 100 calls at once, each of which must get its own answer.
 */
class ConcurrencyTests extends SampleAppTestSupport {

    private static final int PARALLEL = 100;

    @Autowired
    Tracker tracker;

    private ExecutorService clients;

    @BeforeEach
    void startClients() {
        this.clients = Executors.newFixedThreadPool(PARALLEL);
    }

    @AfterEach
    void stopClients() {
        this.clients.shutdownNow();
    }

    @Test
    void hundredSumsInParallelAreAllAnsweredCorrectly() throws Exception {
        List<ResponseEntity<String>> responses = all(i -> () -> post("/api/tasks/sum",
                "{\"numbers\":[" + i + "," + (i * 1000) + ",7]}"));
        for (int i = 0; i < PARALLEL; i++) {
            JsonNode result = json(responses.get(i), HttpStatus.OK);
            assertThat(result.get("sum").asLong()).as("sum of call %d", i).isEqualTo(i + i * 1000L + 7);
        }
        assertThat(this.tracker.numRequests()).isZero();
    }

    @Test
    void hundredSleepsInParallelOverlap() throws Exception {
        long start = System.nanoTime();
        List<ResponseEntity<String>> responses = all(i -> () -> post("/api/tasks/sleep",
                "{\"millis\":" + (300 + i) + "}"));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        for (int i = 0; i < PARALLEL; i++) {
            assertThat(json(responses.get(i), HttpStatus.OK).get("slept").asLong()).isEqualTo(300 + i);
        }
        // one after the other they would take over 30 s; the sleeps do not hold the provider's task threads
        assertThat(tookMillis).isLessThan(5_000);
    }

    @Test
    void hundredMixedCallsInParallelGetTheirOwnAnswers() throws Exception {
        List<ResponseEntity<byte[]>> responses = all(i -> () -> {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            String path;
            String args;
            switch (i % 5) {
                case 0 -> { path = "/api/tasks/sum"; args = "{\"numbers\":[" + i + ",1]}"; }
                case 1 -> { path = "/api/tasks/fail"; args = null; }
                case 2 -> { path = "/api/tasks/task-" + i; args = null; }
                case 3 -> { path = "/api/tasks/stream"; args = "{\"text\":\"s" + i + ";\",\"repeat\":" + i + "}"; }
                default -> { path = "/api/tasks/sleep?timeoutMs=1000"; args = "{\"millis\":3000}"; }
            }
            return this.rest.postForEntity(path, new HttpEntity<>(args, headers), byte[].class);
        });
        for (int i = 0; i < PARALLEL; i++) {
            ResponseEntity<byte[]> response = responses.get(i);
            String body = new String(response.getBody() == null ? new byte[0] : response.getBody(),
                    StandardCharsets.UTF_8);
            switch (i % 5) {
                case 0 -> {
                    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
                    assertThat(this.jsonMapper.readTree(body).get("sum").asLong()).isEqualTo(i + 1);
                }
                case 1 -> {
                    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
                    assertThat(this.jsonMapper.readTree(body).get("error").asString()).isEqualTo("requested failure");
                }
                case 2 -> {
                    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
                    assertThat(this.jsonMapper.readTree(body).get("error").asString())
                            .isEqualTo("unknown task: task-" + i);
                }
                case 3 -> {
                    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
                    assertThat(body).isEqualTo(("s" + i + ";").repeat(i));
                }
                default -> {
                    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
                    assertThat(this.jsonMapper.readTree(body).get("error").asString()).isEqualTo("response timeout");
                }
            }
        }
    }

    @Test
    void hundredAsyncCallsInParallelAreAllAnsweredCorrectly() throws Exception {
        List<String> ids = all(i -> () -> sendAsync("sum", "{\"numbers\":[" + i + "," + i + "]}"));
        assertThat(ids).doesNotHaveDuplicates();
        for (int i = 0; i < PARALLEL; i++) {
            JsonNode outcome = awaitOutcome(ids.get(i));
            assertThat(outcome.get("status").asString()).isEqualTo("success");
            assertThat(outcome.get("result").get("sum").asLong()).as("sum of call %d", i).isEqualTo(2L * i);
        }
    }

    /**
     * Runs {@value #PARALLEL} calls released at the same moment and returns their results in call order.
     */
    private <T> List<T> all(IntFunction<Callable<T>> call) throws Exception {
        CountDownLatch ready = new CountDownLatch(PARALLEL);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            Callable<T> callable = call.apply(i);
            futures.add(this.clients.submit(() -> {
                ready.countDown();
                go.await();
                return callable.call();
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(30, TimeUnit.SECONDS));
        }
        return results;
    }
}
