package io.acomm.spring.boot;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.acomm.AcommJson;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.ResponseErrorException;
import io.acomm.Tracker;
import io.acomm.internal.json.AcommModule;
import io.acomm.spring.boot.AcommTestSupport.Temperature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.acomm.spring.boot.AcommTestSupport.provider;
import static io.acomm.spring.boot.AcommTestSupport.providerRunner;
import static io.acomm.test.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Arguments and results of {@link AcommTask} methods on the wire, with the application's Jackson: {@code java.time}
 * and {@code Optional} values, the application's own modules (its {@code JsonMapper} left unchanged), and a result
 * Jackson cannot encode. Requests go through the context's tracker to its provider over real sockets.
 */
class AcommJacksonTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final Reading READING = new Reading(Instant.parse("2026-03-01T12:30:45.123456789Z"),
            Duration.ofMillis(1500), Optional.of("calibrated"), LocalDate.of(2026, 3, 1));

    @TempDir
    Path socketDir;

    private ApplicationContextRunner runner() {
        return providerRunner(this.socketDir).withUserConfiguration(TaskConfiguration.class);
    }

    private static Response call(Tracker tracker, URI provider, String task, Object args) {
        return tracker.syncRequest(provider, task, args, TIMEOUT);
    }

    @Test
    void javaTimeAndOptionalFieldsOfATypedResultRoundTrip() {
        runner().run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            Response response = call(tracker, provider(context).url(), "reading.next", READING);

            Reading next = response.result(Reading.class);
            assertThat(next).isEqualTo(READING.next());
            assertThat(next.note()).isEmpty();
            JsonNode wire = response.rawResult();
            assertThat(wire.get("at").asString()).isEqualTo("2026-03-02T12:30:45.123456789Z");
            assertThat(wire.get("day").asString()).isEqualTo("2026-03-02");
            assertThat(wire.get("note").isNull()).isTrue();

            Reading noted = call(tracker, provider(context).url(), "reading.next", next).result(Reading.class);
            assertThat(noted).isEqualTo(next.next());
            assertThat(noted.note()).contains("renewed");
        });
    }

    @Test
    void javaTimeAndOptionalFieldsReachAResponseHandler() {
        runner().run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            Request sent = tracker.trackAndSend(provider(context).url(),
                    Request.builder().task("reading.next").args(READING).build(), TIMEOUT);

            Map<String, Reading> handled = context.getBean(ReadingHandler.class).handled;
            await().until(() -> handled.containsKey(sent.id()));
            assertThat(handled.get(sent.id())).isEqualTo(READING.next());
        });
    }

    @Test
    void applicationsJsonMapperCustomizerAppliesToTaskArgsAndResultsAndItsMapperStaysUnchanged() {
        runner().withBean(JsonMapperBuilderCustomizer.class,
                () -> builder -> builder.addModule(AcommTestSupport.temperatureModule()))
                .withPropertyValues("spring.jackson.serialization.indent-output=true",
                        "spring.jackson.serialization.fail-on-empty-beans=true").run(context -> {
                    Tracker tracker = context.getBean(Tracker.class);
                    Response warmest = call(tracker, provider(context).url(), "weather.warmest",
                            List.of("21.5C", "23.0C", "-3.0C"));
                    assertThat(warmest.rawResult().asString()).isEqualTo("23.0C");
                    assertThat(warmest.result(Temperature.class)).isEqualTo(new Temperature(23.0));

                    JsonMapper applicationMapper = context.getBean(JsonMapper.class);
                    JsonMapper acommMapper = context.getBean(AcommJson.class).mapper();
                    assertThat(applicationMapper.writeValueAsString(new Temperature(1.0))).isEqualTo("\"1.0C\"");
                    assertThat(applicationMapper.registeredModules()).noneMatch(AcommModule.class::isInstance);
                    assertThat(acommMapper.registeredModules()).anyMatch(AcommModule.class::isInstance);
                    assertThat(applicationMapper.isEnabled(SerializationFeature.INDENT_OUTPUT)).isTrue();
                    assertThat(acommMapper.isEnabled(SerializationFeature.INDENT_OUTPUT)).isFalse();
                    assertThat(applicationMapper.isEnabled(SerializationFeature.FAIL_ON_EMPTY_BEANS)).isTrue();
                    assertThat(acommMapper.isEnabled(SerializationFeature.FAIL_ON_EMPTY_BEANS)).isFalse();
                });
    }

    @Test
    void resultJacksonCannotEncodeIsAnsweredAtOnceWithAnErrorNamingItsType() {
        runner().run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            assertThatExceptionOfType(ResponseErrorException.class)
                    .isThrownBy(() -> call(tracker, provider(context).url(), "unencodable", null))
                    .satisfies(ex -> assertThat(ex.response().error()).isNotEqualTo(Tracker.TIMEOUT_ERROR)
                            .contains(Unencodable.class.getSimpleName()));
            assertThat(tracker.numRequests()).isZero();
        });
    }

    /**
     * A value with {@code java.time} and {@code Optional} fields.
     */
    record Reading(Instant at, Duration took, Optional<String> note, LocalDate day) {

        /**
         * @return the reading a day later, taking twice as long, noted "renewed" when this one has no note
         */
        Reading next() {
            return new Reading(this.at.plus(Duration.ofDays(1)), this.took.multipliedBy(2),
                    this.note.isPresent() ? Optional.empty() : Optional.of("renewed"), this.day.plusDays(1));
        }
    }

    /**
     * A result whose getter throws, which Jackson cannot encode.
     */
    static class Unencodable {

        public String getValue() {
            throw new IllegalStateException("no value yet");
        }
    }

    /**
     * Records the readings its {@link ResponseHandler} receives, by request id.
     */
    static class ReadingHandler {

        final Map<String, Reading> handled = new ConcurrentHashMap<>();

        @ResponseHandler(task = "reading.next", on = ResponseHandler.Outcome.SUCCESS)
        void reading(Request request, Reading reading) {
            this.handled.put(request.id(), reading);
        }
    }

    static class Tasks {

        @AcommTask("reading.next")
        Reading next(Reading reading) {
            return reading.next();
        }

        @AcommTask("weather.warmest")
        Temperature warmest(List<Temperature> temperatures) {
            return temperatures.stream().max(Comparator.comparingDouble(Temperature::celsius)).orElse(null);
        }

        @AcommTask("unencodable")
        Unencodable unencodable() {
            return new Unencodable();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TaskConfiguration {

        @Bean
        Tasks tasks() {
            return new Tasks();
        }

        @Bean
        ReadingHandler readingHandler() {
            return new ReadingHandler();
        }
    }
}
