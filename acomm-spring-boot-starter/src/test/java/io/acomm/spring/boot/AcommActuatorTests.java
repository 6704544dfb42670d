package io.acomm.spring.boot;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.SendException;
import io.acomm.Sender;
import io.acomm.internal.util.TaskTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static io.acomm.test.TestSupport.await;
import static io.acomm.test.TestSupport.refusedUrl;
import static io.acomm.test.TestTrackers.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code acomm} health indicator over the actuator's HTTP endpoint, and the meters after real round trips.
 */
class AcommActuatorTests extends AbstractAcommWebTests {

    @Autowired
    MeterRegistry registry;

    @Autowired
    Sender sender;

    @Test
    void healthIsUpWithTheSocketAndTheTrackedRequests() {
        Request tracked = track(this.tracker, "health", null);
        try {
            ResponseEntity<JsonNode> health = this.rest.getForEntity("/actuator/health/acomm", JsonNode.class);
            assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(health.getBody().get("status").asString()).isEqualTo("UP");
            JsonNode details = health.getBody().get("details");
            assertThat(details.get("trackerSocket").asString()).isEqualTo(this.tracker.addr().toString());
            assertThat(details.get("trackedRequests").asInt()).isEqualTo(1);
        }
        finally {
            this.tracker.removeRequest(tracked);
        }
        ResponseEntity<JsonNode> overall = this.rest.getForEntity("/actuator/health", JsonNode.class);
        assertThat(overall.getBody().at("/components/acomm/details/trackedRequests").asInt()).isZero();
    }

    @Test
    void healthIsDownOnceTheTrackerStopped() {
        this.tracker.stopListener(null);
        try {
            ResponseEntity<JsonNode> health = this.rest.getForEntity("/actuator/health/acomm", JsonNode.class);
            assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(health.getBody().get("status").asString()).isEqualTo("DOWN");
            assertThat(health.getBody().at("/details/trackerSocket").asString())
                    .isEqualTo(this.tracker.addr().toString());
        }
        finally {
            this.tracker.startListener();
        }
        assertThat(this.rest.getForEntity("/actuator/health/acomm", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void successfulRoundTripIsCountedTimedAndItsSendMeasured() {
        double unixSendsBefore = sends("unix", "success");
        Request request = track(this.tracker, "metrics.success", null);
        this.sender.send(this.tracker.url(), Response.success(request, "ok"));

        // the counter and the timer are recorded one after the other: wait for both
        await().until(() -> responses("metrics.success", "success") == 1 && latencies("metrics.success") == 1);
        Timer latency = this.registry.get("acomm.response.latency").tag("task", "metrics.success").timer();
        assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(sends("unix", "success")).isEqualTo(unixSendsBefore + 1);
        assertThat(responses("metrics.success", "error")).isZero();
    }

    @Test
    void theResponsesObservationIsTimedBesideTheMetersEachCountingTheResponseOnce() {
        long observedBefore = observedResponses();
        double countedBefore = countedResponses();
        Request request = track(this.tracker, "metrics.observed", null);
        this.sender.send(this.tracker.url(), Response.success(request, "ok"));

        await().until(() -> observedResponses() == observedBefore + 1 && countedResponses() == countedBefore + 1);
        assertThat(this.registry.find("acomm.response").timers()).allSatisfy(timer -> assertThat(
                timer.getId().getTags()).extracting(Tag::getKey).containsExactlyInAnyOrder("acomm.task",
                        "acomm.outcome", "error"));
    }

    @Test
    void errorAndTimeoutOutcomesAreCounted() {
        Request failed = track(this.tracker, "metrics.failing", null);
        this.sender.send(this.tracker.url(), Response.failure(failed, "broken"));
        Request slow = Request.create("metrics.failing", this.tracker.url().toString(), null);
        this.tracker.trackRequest(slow, Duration.ofMillis(50));

        await().until(() -> responses("metrics.failing", "error") == 1
                && responses("metrics.failing", "timeout") == 1 && latencies("metrics.failing") == 2);
        assertThat(responses("metrics.failing", "success")).isZero();
    }

    @Test
    void proxiedForwardIsMeasuredAsAnHttpSendAndTaggedProxiedNotWithThePeersTaskName() {
        double httpSendsBefore = sends("http", "success");
        double proxiedBefore = responses(AcommMetrics.PROXIED_TASK_TAG, "success");
        Request local = this.tracker.proxyUnix(Request.builder().task("metrics.proxied")
                .responseHook(URI.create("http://127.0.0.1:" + this.port + "/test/hook")).build());
        Sender.defaults().send(this.tracker.url(), Response.success(local, null));

        await().until(() -> responses(AcommMetrics.PROXIED_TASK_TAG, "success") == proxiedBefore + 1);
        assertThat(sends("http", "success")).isEqualTo(httpSendsBefore + 1);
        assertThat(this.registry.find("acomm.responses").tag("task", "metrics.proxied").counter()).isNull();
    }

    @Test
    void failedSendIsMeasuredAsAnError() {
        double before = sends("http", "error");
        assertThatExceptionOfType(SendException.class)
                .isThrownBy(() -> this.sender.send(refusedUrl(), Response.ack()));
        assertThat(sends("http", "error")).isEqualTo(before + 1);
    }

    @Test
    void requestsGaugeFollowsTheTrackedRequests() {
        Gauge gauge = this.registry.get("acomm.tracker.requests").gauge();
        assertThat(gauge.value()).isZero();
        Request first = track(this.tracker, "metrics.gauge", null);
        Request second = track(this.tracker, "metrics.gauge", null);
        assertThat(gauge.value()).isEqualTo(2);

        this.sender.send(this.tracker.url(), Response.success(first, null));
        this.sender.send(this.tracker.url(), Response.success(second, null));
        assertThat(gauge.value()).isZero();
    }

    @Test
    void taskNamesBeyondTheLimitShareTheTagOther() {
        for (int i = 0; i < AcommMetrics.DEFAULT_MAX_TASK_TAGS + 50; i++) {
            Request request = track(this.tracker, "metrics.cardinality." + i, null);
            this.sender.send(this.tracker.url(), Response.success(request, null));
        }

        await().until(() -> responses(TaskTags.OTHER, "success") > 0);
        // the task names this app's requests carry: at most the limit, plus 'other' (and 'proxied' for the
        // responses to requests proxied for peers, which other tests make)
        Set<String> taskTags = this.registry.find("acomm.responses").counters().stream()
                .map(counter -> counter.getId().getTag("task")).collect(Collectors.toSet());
        taskTags.remove(AcommMetrics.PROXIED_TASK_TAG);
        assertThat(taskTags).hasSizeLessThanOrEqualTo(AcommMetrics.DEFAULT_MAX_TASK_TAGS + 1).contains("other");
        assertThat(this.registry.find("acomm.response.latency").timers().stream()
                .filter(timer -> !AcommMetrics.PROXIED_TASK_TAG.equals(timer.getId().getTag("task"))))
                .hasSizeLessThanOrEqualTo(AcommMetrics.DEFAULT_MAX_TASK_TAGS + 1);
        Set<String> observedTasks = this.registry.find("acomm.response").timers().stream()
                .map(timer -> timer.getId().getTag("acomm.task")).collect(Collectors.toSet());
        observedTasks.remove(AcommMetrics.PROXIED_TASK_TAG);
        assertThat(observedTasks).as("the acomm.task values of the observation's timers")
                .hasSizeLessThanOrEqualTo(AcommMetrics.DEFAULT_MAX_TASK_TAGS + 1).contains("other");
    }

    private double responses(String task, String outcome) {
        Counter counter = this.registry.find("acomm.responses").tag("task", task).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * @return the responses the {@code acomm.response} observation timed, whatever their task and outcome
     */
    private long observedResponses() {
        return this.registry.find("acomm.response").timers().stream().mapToLong(Timer::count).sum();
    }

    /**
     * @return the responses the {@code acomm.responses} counter counted, whatever their task and outcome
     */
    private double countedResponses() {
        return this.registry.find("acomm.responses").counters().stream().mapToDouble(Counter::count).sum();
    }

    private long latencies(String task) {
        Timer timer = this.registry.find("acomm.response.latency").tag("task", task).timer();
        return timer == null ? 0 : timer.count();
    }

    private double sends(String scheme, String outcome) {
        Timer timer = this.registry.find("acomm.sends").tag("scheme", scheme).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
