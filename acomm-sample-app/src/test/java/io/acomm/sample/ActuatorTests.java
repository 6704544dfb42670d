package io.acomm.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import io.acomm.Tracker;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

/**
 * The acomm health and metrics of the running application, as Actuator serves them.
 */
class ActuatorTests extends SampleAppTestSupport {

    @Autowired
    Tracker tracker;

    @Test
    void healthShowsAcommUpWithItsSocketsAndTasks() {
        JsonNode health = json(this.rest.getForEntity("/actuator/health", String.class), HttpStatus.OK);
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode acomm = health.get("components").get("acomm");
        assertThat(acomm.get("status").asString()).isEqualTo("UP");
        JsonNode details = acomm.get("details");
        assertThat(texts(details.get("providerSockets")))
                .containsExactly(this.providerSocket.toAbsolutePath().toString());
        assertThat(texts(details.get("tasks"))).containsExactly("fail", "sleep", "stream", "sum");
        assertThat(details.get("trackerSocket").asString()).isEqualTo(this.tracker.addr().toString())
                .startsWith(this.sockets.toAbsolutePath().toString());
        assertThat(details.get("trackedRequests").isInt()).isTrue();
        assertThat(details.get("tasksInFlight").isInt()).isTrue();
    }

    @Test
    void tasksMetricCountsTheProvidersAnswers() {
        double sums = count("acomm.tasks", "task:sum", "outcome:success");
        double fails = count("acomm.tasks", "task:fail", "outcome:error");
        double unknown = count("acomm.tasks", "task:unknown", "outcome:error");
        json(post("/api/tasks/sum", "{\"numbers\":[1]}"), HttpStatus.OK);
        json(post("/api/tasks/sum", "{\"numbers\":[2]}"), HttpStatus.OK);
        json(post("/api/tasks/fail", null), HttpStatus.BAD_GATEWAY);
        json(post("/api/tasks/neither-here-nor-there", null), HttpStatus.BAD_GATEWAY);

        // the provider counts a task before it delivers the response, so the counts are there once we have it
        assertThat(count("acomm.tasks", "task:sum", "outcome:success")).isEqualTo(sums + 2);
        assertThat(count("acomm.tasks", "task:fail", "outcome:error")).isEqualTo(fails + 1);
        assertThat(count("acomm.tasks", "task:unknown", "outcome:error")).isEqualTo(unknown + 1);
        JsonNode tasks = json(this.rest.getForEntity("/actuator/metrics/acomm.tasks", String.class), HttpStatus.OK);
        assertThat(tasks.get("availableTags").findValuesAsString("tag")).contains("task", "outcome");
    }

    @Test
    void responsesMetricCountsTheTrackersOutcomes() {
        double timeouts = count("acomm.responses", "task:sleep", "outcome:timeout");
        json(post("/api/tasks/sleep?timeoutMs=500", "{\"millis\":2000}"), HttpStatus.GATEWAY_TIMEOUT);
        // observers are told after the callback that answered the HTTP call
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(count("acomm.responses", "task:sleep", "outcome:timeout")).isEqualTo(timeouts + 1));
        assertThat(this.rest.getForEntity("/actuator/metrics/acomm.tracker.requests", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    /**
     * @return the COUNT of a meter as {@code /actuator/metrics} reports it, 0 while it does not exist
     */
    private double count(String meter, String... tags) {
        StringBuilder path = new StringBuilder("/actuator/metrics/").append(meter);
        for (int i = 0; i < tags.length; i++) {
            path.append(i == 0 ? '?' : '&').append("tag=").append(tags[i]);
        }
        var response = this.rest.getForEntity(path.toString(), String.class);
        if (response.getStatusCode() == HttpStatus.NOT_FOUND) {
            return 0;
        }
        for (JsonNode measurement : json(response, HttpStatus.OK).get("measurements")) {
            if ("COUNT".equals(measurement.get("statistic").asString())) {
                return measurement.get("value").asDouble();
            }
        }
        throw new AssertionError("no COUNT in " + response.getBody());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asString()));
        return texts;
    }
}
