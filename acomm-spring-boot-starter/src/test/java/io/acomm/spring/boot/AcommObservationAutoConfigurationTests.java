package io.acomm.spring.boot;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Tracker;
import io.acomm.observation.AcommRequestContext;
import io.acomm.observation.AcommRequestObservationConvention;
import io.acomm.observation.AcommResponseContext;
import io.acomm.observation.AcommResponseObservationConvention;
import io.acomm.observation.AcommTaskContext;
import io.acomm.observation.AcommTaskObservationConvention;
import io.acomm.observation.DefaultAcommRequestObservationConvention;
import io.acomm.observation.DefaultAcommResponseObservationConvention;
import io.acomm.observation.DefaultAcommTaskObservationConvention;
import io.acomm.test.FrameRecorder;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.acomm.spring.boot.AcommTestSupport.callTask;
import static io.acomm.spring.boot.AcommTestSupport.providerRunner;
import static io.acomm.test.TestSupport.await;
import static io.acomm.test.TestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observations of a Boot application's tracker and provider with {@code acomm.observation.enabled=true}, traced
 * across a real unix round trip with Micrometer Tracing's {@link SimpleTracer} and Boot's tracing observation handlers: the caller's span, the tracker's
 * send, the provider's task and the tracker's handling of the response form one trace, until
 * {@code acomm.observation.propagation=false} parts it; convention beans rename the spans.
 */
class AcommObservationAutoConfigurationTests {

    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @TempDir
    Path socketDir;

    private ApplicationContextRunner runner() {
        return providerRunner(this.socketDir)
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                        MicrometerTracingAutoConfiguration.class, AcommObservationAutoConfiguration.class))
                .withUserConfiguration(TracingConfiguration.class)
                .withPropertyValues("acomm.observation.enabled=true");
    }

    @Configuration(proxyBeanMethods = false)
    static class TracingConfiguration {

        @Bean
        SimpleTracer tracer() {
            return new SimpleTracer();
        }

        @Bean
        Propagator propagator(SimpleTracer tracer) {
            return new SimpleW3cPropagator(tracer);
        }

        @Bean
        ProviderCustomizer echoTask() {
            return builder -> builder.task("echo",
                    request -> CompletableFuture.completedFuture(Response.success(request, request.args())));
        }
    }

    /**
     * Calls the context's own provider and sends a request to a raw peer, both within the caller's observation, as a
     * web application's controller would within the observation of its HTTP request. The caller's trace is one it
     * joined, with a W3C trace id of 128 bits (SimpleTracer's own trace ids have 64).
     * @return the frame the peer received
     */
    private String callWithin(ApplicationContext context) throws Exception {
        SimpleTracer tracer = context.getBean(SimpleTracer.class);
        Tracker tracker = context.getBean(Tracker.class);
        Span joined = tracer.spanBuilder().name("joined").setParent(tracer.traceContextBuilder()
                .traceId(CALLER_TRACE).spanId("00f067aa0ba902b7").sampled(true).build()).start();
        Tracer.SpanInScope inTrace = tracer.withSpan(joined);
        Observation caller = Observation.start("caller", context.getBean(ObservationRegistry.class));
        Observation.Scope scope = caller.openScope();
        try (FrameRecorder peer = FrameRecorder.listen(this.socketDir.resolve("peer.sock"))) {
            assertThat(callTask(context, "echo", Map.of("n", 1)).isError()).isFalse();
            Request sent = tracker.trackAndSend(peer.url(), Request.builder().task("peek").build(), null);
            String frame = peer.awaitFrame();
            tracker.removeRequest(sent);
            return frame;
        }
        finally {
            scope.close();
            caller.stop();
            inTrace.close();
            joined.end();
        }
    }

    private static SimpleSpan awaitEnded(SimpleTracer tracer, String name) {
        return await().until(() -> tracer.getSpans().stream()
                .filter(span -> name.equals(span.getName()) && span.getEndTimestamp().toEpochMilli() > 0)
                .findFirst(), Optional::isPresent).get();
    }

    @Test
    void theProvidersTaskContinuesTheCallersTraceAndTheResponseIsHandledWithinTheSend() {
        runner().run(context -> {
            SimpleTracer tracer = context.getBean(SimpleTracer.class);

            String frame = callWithin(context);

            SimpleSpan caller = awaitEnded(tracer, "caller");
            SimpleSpan send = awaitEnded(tracer, "send echo");
            SimpleSpan task = awaitEnded(tracer, "serve echo");
            SimpleSpan handled = awaitEnded(tracer, "response echo");
            assertThat(send.getTraceId()).isEqualTo(CALLER_TRACE);
            assertThat(send.getParentId()).isEqualTo(caller.getSpanId());
            assertThat(send.getKind()).isEqualTo(Span.Kind.CLIENT);
            assertThat(send.getTags()).containsEntry("acomm.task", "echo").containsEntry("acomm.outcome", "success")
                    .containsEntry("acomm.scheme", "unix");
            assertThat(task.getTraceId()).as("the task's trace").isEqualTo(CALLER_TRACE);
            assertThat(task.getParentId()).as("the task's parent").isEqualTo(send.getSpanId());
            assertThat(task.getKind()).isEqualTo(Span.Kind.SERVER);
            assertThat(task.getTags()).containsEntry("acomm.task", "echo")
                    .containsEntry("acomm.request.id", send.getTags().get("acomm.request.id"));
            assertThat(handled.getTraceId()).isEqualTo(CALLER_TRACE);
            assertThat(handled.getParentId()).as("the response handled is a child of the send")
                    .isEqualTo(send.getSpanId());
            JsonNode sent = tree(frame);
            SimpleSpan peek = awaitEnded(tracer, "send peek");
            assertThat(sent.get("traceparent").asString())
                    .isEqualTo("00-" + CALLER_TRACE + "-" + peek.getSpanId() + "-01");
        });
    }

    @Test
    void conventionBeansReachTheTrackerAndTheProvider() {
        runner().withUserConfiguration(ConventionConfiguration.class).run(context -> {
            SimpleTracer tracer = context.getBean(SimpleTracer.class);

            callTask(context, "echo", null);

            assertThat(awaitEnded(tracer, "call echo").getKind()).isEqualTo(Span.Kind.CLIENT);
            assertThat(awaitEnded(tracer, "run echo").getKind()).isEqualTo(Span.Kind.SERVER);
            awaitEnded(tracer, "answer echo");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class ConventionConfiguration {

        @Bean
        AcommRequestObservationConvention requestConvention() {
            return new DefaultAcommRequestObservationConvention() {
                @Override
                public String getContextualName(AcommRequestContext context) {
                    return "call " + context.getRequest().task();
                }
            };
        }

        @Bean
        AcommTaskObservationConvention taskConvention() {
            return new DefaultAcommTaskObservationConvention() {
                @Override
                public String getContextualName(AcommTaskContext context) {
                    return "run " + context.getRequest().task();
                }
            };
        }

        @Bean
        AcommResponseObservationConvention responseConvention() {
            return new DefaultAcommResponseObservationConvention() {
                @Override
                public String getContextualName(AcommResponseContext context) {
                    return "answer " + context.getRequest().task();
                }
            };
        }
    }

    @Test
    void withoutAcommObservationEnabledNothingIsObservedAndNoTraceContextTravels() {
        runner().withPropertyValues("acomm.observation.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean("acommObservationTrackerCustomizer")
                    .doesNotHaveBean("acommObservationProviderCustomizer");
            SimpleTracer tracer = context.getBean(SimpleTracer.class);

            String frame = callWithin(context);

            awaitEnded(tracer, "caller");
            assertThat(tracer.getSpans()).extracting(SimpleSpan::getName).containsOnly("joined", "caller");
            assertThat(tree(frame).has("traceparent")).as("traceparent on the wire").isFalse();
        });
    }

    @Test
    void withoutAnObservationRegistryNothingIsObserved() {
        providerRunner(this.socketDir).withConfiguration(AutoConfigurations.of(AcommObservationAutoConfiguration.class))
                .withPropertyValues("acomm.observation.enabled=true").run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean("acommObservationTrackerCustomizer")
                        .doesNotHaveBean("acommObservationProviderCustomizer"));
    }

    @Test
    void withoutPropagationTheTaskStartsATraceOfItsOwnAndNoTraceContextTravels() {
        runner().withPropertyValues("acomm.observation.propagation=false").run(context -> {
            SimpleTracer tracer = context.getBean(SimpleTracer.class);

            String frame = callWithin(context);

            SimpleSpan send = awaitEnded(tracer, "send echo");
            SimpleSpan task = awaitEnded(tracer, "serve echo");
            assertThat(send.getTraceId()).as("the tracker still observes within the caller's trace")
                    .isEqualTo(CALLER_TRACE);
            assertThat(task.getTraceId()).isNotEqualTo(CALLER_TRACE);
            assertThat(task.getParentId()).isNotEqualTo(send.getSpanId()).isEmpty();
            assertThat(tree(frame).has("traceparent")).isFalse();
            assertThat(tree(frame).get("task").asString()).isEqualTo("peek");
        });
    }
}
