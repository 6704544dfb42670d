package io.acomm.observation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import io.acomm.Provider;
import io.acomm.ProviderBuilder;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.SendException;
import io.acomm.Tracker;
import io.acomm.TrackerBuilder;
import io.acomm.test.FrameRecorder;
import io.acomm.test.TestTrackers;
import io.acomm.transport.UnixTransport;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.GlobalObservationConvention;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.ObservationContextAssert;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.acomm.test.TestSupport.WAIT;
import static io.acomm.test.TestSupport.await;
import static io.acomm.test.TestSupport.resultOf;
import static io.acomm.test.TestSupport.tree;
import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observations of a tracker and a provider over real unix round trips, recorded by Micrometer's
 * {@link TestObservationRegistry}, whose validator also fails a test that stops an observation twice or closes a
 * scope out of turn. The tracer's part, writing and reading the trace context, is played by two small handlers.
 */
class AcommObservationTests {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @TempDir
    Path dir;

    private final TestObservationRegistry trackerRegistry = TestObservationRegistry.create();

    private final TestObservationRegistry providerRegistry = TestObservationRegistry.create();

    private final List<Tracker> trackers = new ArrayList<>();

    private final List<Provider> providers = new ArrayList<>();

    @AfterEach
    void stop() {
        this.providers.forEach(provider -> provider.stop(Duration.ofMillis(100)));
        this.trackers.forEach(TestTrackers::stopQuietly);
    }

    private Tracker tracker(String name, ObservationRegistry registry, UnaryOperator<TrackerBuilder> settings) {
        Tracker tracker = settings.apply(Tracker.builder().socketPath(this.dir.resolve(name + ".sock"))
                .observationRegistry(registry)).build();
        this.trackers.add(tracker);
        tracker.startListener();
        return tracker;
    }

    private Tracker tracker() {
        return tracker("tracker", this.trackerRegistry, UnaryOperator.identity());
    }

    private Provider provider(UnaryOperator<ProviderBuilder> settings) {
        Provider provider = settings.apply(Provider.builder().socketPath(this.dir.resolve("provider.sock"))
                .observationRegistry(this.providerRegistry)
                .task("echo", request -> CompletableFuture.completedFuture(Response.success(request, request.args())))
                .task("fail", request -> CompletableFuture.completedFuture(
                        Response.failure(request, "requested failure")))
                .task("throw", request -> {
                    throw new IllegalStateException("task broke");
                })
                .task("never", request -> new CompletableFuture<>())).build();
        this.providers.add(provider);
        provider.start();
        return provider;
    }

    private Provider provider() {
        return provider(UnaryOperator.identity());
    }

    private void awaitStopped(TestObservationRegistry registry, String name) {
        await().untilAsserted(() -> assertThat(registry).hasObservationWithNameEqualTo(name).that().hasBeenStopped());
    }

    @Test
    void aRequestIsObservedFromItsSendToItsResponseAndSoAreItsTaskAndTheResponseHandled() {
        Provider provider = provider();

        Response response = tracker().syncRequest(provider.url(), "echo", Map.of("n", 7), WAIT);

        awaitStopped(this.trackerRegistry, "acomm.response");
        awaitStopped(this.providerRegistry, "acomm.task");
        assertThat(this.trackerRegistry).hasNumberOfObservationsEqualTo(2)
                .hasObservationWithNameEqualTo("acomm.request").that()
                .hasContextualNameEqualTo("send echo")
                .hasLowCardinalityKeyValue("acomm.task", "echo")
                .hasLowCardinalityKeyValue("acomm.outcome", "success")
                .hasLowCardinalityKeyValue("acomm.scheme", "unix")
                .hasHighCardinalityKeyValue("acomm.request.id", response.id())
                .hasHighCardinalityKeyValue("acomm.destination", provider.url().toString())
                .doesNotHaveError().hasBeenStarted().hasBeenStopped();
        assertThat(this.trackerRegistry).hasObservationWithNameEqualTo("acomm.response").that()
                .hasContextualNameEqualTo("response echo")
                .hasLowCardinalityKeyValue("acomm.task", "echo")
                .hasLowCardinalityKeyValue("acomm.outcome", "success")
                .hasHighCardinalityKeyValue("acomm.request.id", response.id())
                .hasParentObservationContextMatching(parent -> parent instanceof AcommRequestContext sent
                        && response.id().equals(sent.getRequest().id()), "the request's observation");
        assertThat(this.providerRegistry).hasNumberOfObservationsEqualTo(1)
                .hasObservationWithNameEqualTo("acomm.task").that()
                .hasContextualNameEqualTo("serve echo")
                .hasLowCardinalityKeyValue("acomm.task", "echo")
                .hasLowCardinalityKeyValue("acomm.outcome", "success")
                .hasHighCardinalityKeyValue("acomm.request.id", response.id())
                .doesNotHaveError();
    }

    @Test
    void anErrorResponseEndsTheObservationsWithTheOutcomeError() {
        Provider provider = provider();

        Response response = resultOf(tracker().send(provider.url(), Request.builder().task("fail").build()));

        assertThat(response.error()).isEqualTo("requested failure");
        awaitStopped(this.trackerRegistry, "acomm.response");
        awaitStopped(this.providerRegistry, "acomm.task");
        assertThat(this.trackerRegistry).hasObservationWithNameEqualTo("acomm.request").that()
                .hasLowCardinalityKeyValue("acomm.outcome", "error").doesNotHaveError();
        assertThat(this.trackerRegistry).hasObservationWithNameEqualTo("acomm.response").that()
                .hasLowCardinalityKeyValue("acomm.outcome", "error");
        assertThat(this.providerRegistry).hasObservationWithNameEqualTo("acomm.task").that()
                .hasLowCardinalityKeyValue("acomm.outcome", "error").doesNotHaveError();
    }

    @Test
    void aTaskThatThrowsIsTheErrorOfItsObservation() {
        Provider provider = provider();

        resultOf(tracker().send(provider.url(), Request.builder().task("throw").build()));

        awaitStopped(this.providerRegistry, "acomm.task");
        assertThat(this.providerRegistry).hasObservationWithNameEqualTo("acomm.task").that()
                .hasLowCardinalityKeyValue("acomm.outcome", "error")
                .assertThatError().isInstanceOf(IllegalStateException.class).hasMessage("task broke");
    }

    @Test
    void aTaskTheProviderDoesNotServeIsTaggedUnknown() {
        Provider provider = provider();

        resultOf(tracker().send(provider.url(), Request.builder().task("no such task").build()));

        awaitStopped(this.providerRegistry, "acomm.task");
        assertThat(this.providerRegistry).hasObservationWithNameEqualTo("acomm.task").that()
                .hasContextualNameEqualTo("serve unknown")
                .hasLowCardinalityKeyValue("acomm.task", "unknown")
                .hasLowCardinalityKeyValue("acomm.outcome", "error");
    }

    @Test
    void aTimeoutEndsTheObservationsWithTheOutcomeTimeout() {
        Provider provider = provider();

        Response response = resultOf(tracker().send(provider.url(), Request.builder().task("never").build(),
                Duration.ofMillis(200)));

        assertThat(response.error()).isEqualTo(Tracker.TIMEOUT_ERROR);
        awaitStopped(this.trackerRegistry, "acomm.response");
        assertThat(this.trackerRegistry).hasObservationWithNameEqualTo("acomm.request").that()
                .hasLowCardinalityKeyValue("acomm.outcome", "timeout").hasBeenStopped();
        assertThat(this.trackerRegistry).hasObservationWithNameEqualTo("acomm.response").that()
                .hasLowCardinalityKeyValue("acomm.outcome", "timeout");
    }

    @Test
    void aFailedSendEndsTheRequestsObservationWithItsErrorAndNoResponseIsObserved() {
        CompletableFuture<Response> future = tracker().send(UnixTransport.url(this.dir.resolve("missing.sock")),
                Request.builder().task("echo").build());

        assertThat(future).isCompletedExceptionally();
        assertThat(this.trackerRegistry).hasNumberOfObservationsEqualTo(1)
                .hasObservationWithNameEqualTo("acomm.request").that()
                .hasLowCardinalityKeyValue("acomm.outcome", "error")
                .hasLowCardinalityKeyValue("acomm.scheme", "unix")
                .hasBeenStopped()
                .assertThatError().isInstanceOf(SendException.class);
    }

    @Test
    void aRequestTheApplicationTakesBackEndsItsObservation() {
        Provider provider = provider();
        Tracker tracker = tracker();

        Request sent = tracker.trackAndSend(provider.url(), Request.builder().task("never").build(), WAIT);

        assertThat(tracker.retrieveRequest(sent.id())).isNotNull();
        assertThat(this.trackerRegistry).hasNumberOfObservationsEqualTo(1)
                .hasObservationWithNameEqualTo("acomm.request").that()
                .hasLowCardinalityKeyValue("acomm.outcome", "error").hasBeenStopped();
    }

    @Test
    void callbacksRunWithinTheResponsesObservationAndTasksWithinTheirs() {
        List<Observation.@Nullable ContextView> seen = new CopyOnWriteArrayList<>();
        Provider provider = provider(builder -> builder.task("look", request -> {
            seen.add(this.providerRegistry.getCurrentObservation().getContextView());
            return CompletableFuture.completedFuture(Response.success(request, null));
        }));
        CompletableFuture<Response> answered = new CompletableFuture<>();

        tracker().trackAndSend(provider.url(), Request.builder().task("look").onSuccess((request, response) -> {
            seen.add(this.trackerRegistry.getCurrentObservation().getContextView());
            answered.complete(response);
        }).build(), WAIT);

        resultOf(answered);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isInstanceOfSatisfying(AcommTaskContext.class,
                task -> assertThat(task.getRequest().task()).isEqualTo("look"));
        assertThat(seen.get(1)).isInstanceOfSatisfying(AcommResponseContext.class,
                handled -> assertThat(handled.getRequest().task()).isEqualTo("look"));
    }

    @Test
    void aRequestATaskSendsIsAChildOfTheTasksObservation() {
        Provider inner = provider();
        Tracker innerTracker = tracker("inner", this.providerRegistry, UnaryOperator.identity());
        Provider outer = Provider.builder().socketPath(this.dir.resolve("outer.sock"))
                .observationRegistry(this.providerRegistry)
                .task("outer", request -> innerTracker.send(inner.url(), Request.builder().task("echo").build())
                        .thenApply(response -> Response.success(request, response.rawResult())))
                .build();
        this.providers.add(outer);
        outer.start();

        Response response = tracker().syncRequest(outer.url(), "outer", null, WAIT);

        assertThat(this.providerRegistry).hasAnObservation(observation -> assertSentByTheTaskOf(observation, response));
    }

    private static void assertSentByTheTaskOf(ObservationContextAssert<?> observation, Response response) {
        observation.hasNameEqualTo("acomm.request").hasLowCardinalityKeyValue("acomm.task", "echo")
                .hasParentObservationContextMatching(parent -> parent instanceof AcommTaskContext task
                        && response.id().equals(task.getRequest().id()), "the task's observation");
    }

    @Test
    void conventionsGivenToTheBuildersReplaceTheDefaultOnes() {
        Provider provider = provider(builder -> builder.taskObservationConvention(
                new DefaultAcommTaskObservationConvention() {
                    @Override
                    public String getName() {
                        return "vm.tasks";
                    }
                }));
        Tracker tracker = tracker("tracker", this.trackerRegistry, builder -> builder
                .requestObservationConvention(new DefaultAcommRequestObservationConvention() {
                    @Override
                    public String getName() {
                        return "vm.calls";
                    }

                    @Override
                    public KeyValues getLowCardinalityKeyValues(AcommRequestContext context) {
                        return super.getLowCardinalityKeyValues(context).and("team", "vms");
                    }
                })
                .responseObservationConvention(new DefaultAcommResponseObservationConvention() {
                    @Override
                    public String getName() {
                        return "vm.answers";
                    }
                }));

        tracker.syncRequest(provider.url(), "echo", null, WAIT);

        awaitStopped(this.trackerRegistry, "vm.answers");
        awaitStopped(this.providerRegistry, "vm.tasks");
        assertThat(this.trackerRegistry).hasObservationWithNameEqualTo("vm.calls").that()
                .hasLowCardinalityKeyValue("team", "vms").hasLowCardinalityKeyValue("acomm.task", "echo");
        assertThat(this.trackerRegistry).hasNumberOfObservationsWithNameEqualTo("acomm.request", 0)
                .hasNumberOfObservationsWithNameEqualTo("acomm.response", 0);
    }

    @Test
    void aGlobalConventionOfTheRegistryAppliesWhenTheBuilderWasGivenNone() {
        this.trackerRegistry.observationConfig().observationConvention(new GlobalRequestConvention());
        Provider provider = provider();

        tracker().syncRequest(provider.url(), "echo", null, WAIT);

        assertThat(this.trackerRegistry).hasObservationWithNameEqualTo("global.calls").that()
                .hasLowCardinalityKeyValue("acomm.task", "echo");
    }

    static final class GlobalRequestConvention extends DefaultAcommRequestObservationConvention
            implements GlobalObservationConvention<AcommRequestContext> {

        @Override
        public String getName() {
            return "global.calls";
        }
    }

    // ---- trace context ----

    /** Writes a trace context into each sent request's carrier when its observation starts, as a tracer would. */
    static final class Injecting implements ObservationHandler<SenderContext<?>> {

        @Override
        public void onStart(SenderContext<?> context) {
            inject(context);
        }

        private static <C> void inject(SenderContext<C> context) {
            context.getSetter().set(context.getCarrier(), "traceparent", TRACEPARENT);
            context.getSetter().set(context.getCarrier(), "tracestate", "congo=t61rcWkgMzE");
            context.getSetter().set(context.getCarrier(), "baggage", "user=alice");
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof SenderContext;
        }
    }

    /** Reads the trace context of each served request when its observation starts, as a tracer would. */
    static final class Extracting implements ObservationHandler<ReceiverContext<?>> {

        final List<String> read = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(ReceiverContext<?> context) {
            this.read.add(extract(context));
        }

        private static <C> String extract(ReceiverContext<C> context) {
            return context.getGetter().get(context.getCarrier(), "traceparent") + " "
                    + context.getGetter().get(context.getCarrier(), "tracestate");
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof ReceiverContext;
        }
    }

    @Test
    void theTraceContextATracerWritesTravelsWithTheRequestAndTheProviderReadsIt() throws Exception {
        this.trackerRegistry.observationConfig().observationHandler(new Injecting());
        Extracting extracting = new Extracting();
        this.providerRegistry.observationConfig().observationHandler(extracting);
        Provider provider = provider();
        Tracker tracker = tracker();

        tracker.syncRequest(provider.url(), "echo", null, WAIT);
        String frame;
        try (FrameRecorder peer = FrameRecorder.listen(this.dir.resolve("peer.sock"))) {
            tracker.send(peer.url(), Request.builder().task("echo").args(1).build());
            frame = peer.awaitFrame();
        }

        assertThat(extracting.read).containsExactly(TRACEPARENT + " congo=t61rcWkgMzE");
        assertThat(frame).endsWith("\"args\":1,\"traceparent\":\"" + TRACEPARENT
                + "\",\"tracestate\":\"congo=t61rcWkgMzE\"}").doesNotContain("baggage");
    }

    @Test
    void withoutPropagationATrackerSendsNoTraceContextEvenOneTheRequestCarried() throws Exception {
        this.trackerRegistry.observationConfig().observationHandler(new Injecting());
        Tracker tracker = tracker("tracker", this.trackerRegistry, builder -> builder.tracePropagation(false));

        String frame;
        try (FrameRecorder peer = FrameRecorder.listen(this.dir.resolve("peer.sock"))) {
            Request sent = tracker.trackAndSend(peer.url(), Request.builder().task("echo")
                    .traceParent("00-11111111111111111111111111111111-2222222222222222-01").build(), WAIT);
            frame = peer.awaitFrame();
            assertThat(sent.traceParent()).isNull();
        }

        assertThat(tree(frame).has("traceparent")).isFalse();
        assertThat(tree(frame).has("tracestate")).isFalse();
        assertThat(tree(frame).get("task").asString()).isEqualTo("echo");
    }

    @Test
    void withoutPropagationAProviderDoesNotReadTheCallersTraceContext() {
        this.trackerRegistry.observationConfig().observationHandler(new Injecting());
        Extracting extracting = new Extracting();
        this.providerRegistry.observationConfig().observationHandler(extracting);
        Provider provider = provider(builder -> builder.tracePropagation(false));

        tracker().syncRequest(provider.url(), "echo", null, WAIT);

        assertThat(extracting.read).containsExactly("null null");
    }

    @Test
    void withoutAnObservationRegistryATrackerSendsTheRequestAsItWasGiven() throws Exception {
        Tracker tracker = Tracker.builder().socketPath(this.dir.resolve("plain.sock")).build();
        this.trackers.add(tracker);
        tracker.startListener();

        String frame;
        try (FrameRecorder peer = FrameRecorder.listen(this.dir.resolve("peer.sock"))) {
            tracker.trackAndSend(peer.url(), Request.builder().task("echo").traceParent(TRACEPARENT).build(), WAIT);
            frame = peer.awaitFrame();
        }

        assertThat(tree(frame).get("traceparent").asString()).isEqualTo(TRACEPARENT);
    }

    @Test
    void withoutAnObservationRegistryOrPropagationATrackerSendsNoTraceContext() throws Exception {
        Tracker tracker = Tracker.builder().socketPath(this.dir.resolve("plain.sock")).tracePropagation(false).build();
        this.trackers.add(tracker);
        tracker.startListener();

        String frame;
        try (FrameRecorder peer = FrameRecorder.listen(this.dir.resolve("peer.sock"))) {
            tracker.trackAndSend(peer.url(), Request.builder().task("echo").traceParent(TRACEPARENT).build(), WAIT);
            frame = peer.awaitFrame();
        }

        assertThat(tree(frame).has("traceparent")).isFalse();
        assertThat(tree(frame).get("task").asString()).isEqualTo("echo");
    }
}
