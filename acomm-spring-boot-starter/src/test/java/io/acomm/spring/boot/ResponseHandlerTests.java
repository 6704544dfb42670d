package io.acomm.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Sender;
import io.acomm.Tracker;
import io.acomm.spring.boot.AcommTestSupport.Temperature;
import io.acomm.test.TestHttpServer;
import io.acomm.testing.AcommTestUtils;
import io.acomm.testing.StubProvider;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.Before;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JacksonModule;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;

import static io.acomm.spring.boot.AcommTestSupport.contextRunner;
import static io.acomm.test.TestSupport.await;
import static io.acomm.test.TestSupport.completing;
import static io.acomm.test.TestSupport.messageChain;
import static io.acomm.test.TestSupport.resultOf;
import static io.acomm.test.TestTrackers.track;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ResponseHandler} methods receive the responses to the application's own requests that have no callback
 * for their outcome, over the tracker's real socket.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResponseHandlerTests {

    @TempDir
    Path socketDir;

    private ApplicationContextRunner runner() {
        return contextRunner(this.socketDir).withBean(JacksonModule.class, AcommTestSupport::temperatureModule)
                .withUserConfiguration(HandlerConfiguration.class);
    }

    /**
     * Delivers a response over the tracker's socket and waits until the tracker has handled it completely (its
     * observers run after the handler methods).
     */
    private static Calls deliver(AssertableApplicationContext context, Response response) {
        Calls calls = context.getBean(Calls.class);
        context.getBean(Sender.class).send(context.getBean(Tracker.class).url(), response);
        calls.awaitHandled(response.id());
        return calls;
    }

    @Test
    void typedResultIsConvertedWithGenericsAndParametersInAnyOrder() {
        runner().run(context -> {
            Request request = track(context.getBean(Tracker.class), "items.list", null);
            Calls calls = deliver(context, Response.success(request,
                    List.of(Map.of("name", "disk", "count", 2), Map.of("name", "nic", "count", 1))));

            Call call = calls.single("items", request.id());
            assertThat(call.request().id()).isEqualTo(request.id());
            assertThat(call.request().task()).isEqualTo("items.list");
            assertThat(call.response().id()).isEqualTo(request.id());
            assertThat(call.result()).isEqualTo(List.of(new Item("disk", 2), new Item("nic", 1)));
            assertThat((List<?>) call.result()).allSatisfy(item -> assertThat(item).isInstanceOf(Item.class));
        });
    }

    @Test
    void theResponseOfARemoteProviderReachesTheHandlers() {
        runner().run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            try (StubProvider inventory = StubProvider.start(this.socketDir.resolve("inventory.sock"))) {
                inventory.onTask("items.list").respond(List.of(Map.of("name", "disk", "count", 2)));

                Request request = tracker.trackAndSend(inventory.url(),
                        Request.builder().task("items.list").args(Map.of("shelf", 7)).build(), Duration.ofSeconds(10));

                context.getBean(Calls.class).awaitHandled(request.id());
                assertThat(context.getBean(Calls.class).single("items", request.id()).result())
                        .isEqualTo(List.of(new Item("disk", 2)));
                assertThat(inventory.awaitRequest("items.list", Duration.ofSeconds(5)).rawArgs().get("shelf").asInt())
                        .isEqualTo(7);
                AcommTestUtils.awaitNoRequests(tracker, Duration.ofSeconds(5));
            }
        });
    }

    @Test
    void resultIsConvertedWithTheApplicationsJacksonModules() {
        runner().run(context -> {
            Request request = track(context.getBean(Tracker.class), "weather", null);
            Calls calls = deliver(context, Response.success(request, "21.5C"));
            assertThat(calls.single("temperature", request.id()).result()).isEqualTo(new Temperature(21.5));
        });
    }

    @Test
    void successGoesToSuccessAndAnyHandlers() {
        runner().run(context -> {
            Request request = track(context.getBean(Tracker.class), "outcome", null);
            Calls calls = deliver(context, Response.success(request, "fine"));
            assertThat(calls.handlersFor(request.id())).containsExactlyInAnyOrder("onSuccess", "onAny", "everything");
        });
    }

    @Test
    void errorGoesToErrorAndAnyHandlersWithoutAResult() {
        runner().run(context -> {
            Request request = track(context.getBean(Tracker.class), "outcome", null);
            Calls calls = deliver(context, Response.failure(request, "broken"));
            assertThat(calls.handlersFor(request.id())).containsExactlyInAnyOrder("onError", "onAny", "everything");
            Call call = calls.single("onError", request.id());
            assertThat(call.response().error()).isEqualTo("broken");
            assertThat(call.request().id()).isEqualTo(request.id());
        });
    }

    @Test
    void timeoutIsAnErrorOutcome() {
        runner().run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            Request request = Request.create("outcome", tracker.url().toString(), null);
            tracker.trackRequest(request, Duration.ofMillis(50));
            Calls calls = context.getBean(Calls.class);
            calls.awaitHandled(request.id());
            assertThat(calls.single("onError", request.id()).response().error()).isEqualTo(Tracker.TIMEOUT_ERROR);
            assertThat(calls.handlersFor(request.id())).doesNotContain("onSuccess");
        });
    }

    @Test
    void taskFilterSelectsTheTasks() {
        runner().run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            Request a = track(tracker, "filter.a", null);
            Request b = track(tracker, "filter.b", null);
            Request c = track(tracker, "filter.c", null);
            Calls calls = deliver(context, Response.success(a, null));
            deliver(context, Response.success(b, null));
            deliver(context, Response.success(c, null));
            assertThat(calls.handlersFor(a.id())).containsExactlyInAnyOrder("filterAB", "everything");
            assertThat(calls.handlersFor(b.id())).containsExactlyInAnyOrder("filterAB", "everything");
            assertThat(calls.handlersFor(c.id())).containsExactly("everything");
        });
    }

    @Test
    void perRequestCallbackWinsForItsOutcomeOnly() {
        runner().run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            CompletableFuture<Response> callback = new CompletableFuture<>();
            Request withCallback = track(tracker, "outcome", null, completing(callback), null);
            Calls calls = deliver(context, Response.success(withCallback, "fine"));
            assertThat(resultOf(callback).id()).isEqualTo(withCallback.id());
            assertThat(calls.handlersFor(withCallback.id())).isEmpty();

            Request errorWithoutCallback = track(tracker, "outcome", null, (request, response) -> { }, null);
            deliver(context, Response.failure(errorWithoutCallback, "broken"));
            assertThat(calls.handlersFor(errorWithoutCallback.id()))
                    .containsExactlyInAnyOrder("onError", "onAny", "everything");
        });
    }

    @Test
    void responsesToProxiedRequestsAreForwardedNotHandled() throws Exception {
        try (TestHttpServer remote = TestHttpServer.start()) {
            runner().run(context -> {
                Tracker tracker = context.getBean(Tracker.class);
                Request original = Request.builder().task("outcome").responseHook(remote.hook()).build();
                Request local = tracker.proxyUnix(original);
                Calls calls = deliver(context, Response.success(local, "fine"));
                assertThat(remote.exchanges()).hasSize(1);
                assertThat(calls.handlersFor(original.id())).isEmpty();
            });
        }
    }

    @Test
    void throwingHandlerIsLoggedAndTheOthersStillRun(CapturedOutput output) {
        runner().withUserConfiguration(ThrowingHandlerConfiguration.class).run(context -> {
            Request request = track(context.getBean(Tracker.class), "throws", null);
            Calls calls = deliver(context, Response.success(request, null));
            assertThat(calls.handlersFor(request.id())).containsExactlyInAnyOrder("beforeThrow", "afterThrow",
                    "everything");
            assertThat(output).contains("@ResponseHandler").contains("failed for request " + request.id())
                    .contains("handler exploded");
        });
    }

    @Test
    void aopProxiedBeansAreInvokedThroughTheirProxy() {
        runner().withUserConfiguration(AopConfiguration.class).run(context -> {
            assertThat(AopUtils.isCglibProxy(context.getBean(AdvisedHandler.class))).isTrue();
            assertThat(AopUtils.isJdkDynamicProxy(context.getBean(AdvisedCallback.class))).isTrue();
            Request request = track(context.getBean(Tracker.class), "advised", null);
            Calls calls = deliver(context, Response.success(request, "21.5C"));
            assertThat(calls.handlersFor(request.id())).contains("advisedClass", "advisedInterface");
            assertThat(calls.single("advisedClass", request.id()).result()).isEqualTo(new Temperature(21.5));
            assertThat(context.getBean(CountingAspect.class).advised).hasValue(2);
        });
    }

    @Test
    void twoResultParametersFailStartUpNamingTheMethod() {
        contextRunner(this.socketDir).withUserConfiguration(TwoResultsConfiguration.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messageChain(context.getStartupFailure()))
                    .contains(TwoResults.class.getName() + ".handle(")
                    .contains("more than one other parameter");
        });
    }

    @Test
    void primitiveResultParameterFailsStartUpNamingTheMethod() {
        contextRunner(this.socketDir).withUserConfiguration(PrimitiveResultConfiguration.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messageChain(context.getStartupFailure()))
                    .contains(PrimitiveResult.class.getName() + ".count(io.acomm.Request,int)")
                    .contains("Integer");
        });
    }

    record Item(String name, int count) {
    }

    record Call(String handler, Request request, Response response, Object result) {
    }

    /**
     * Records every handler call, and the responses the tracker has finished handling.
     */
    static class Calls {

        private final List<Call> calls = new CopyOnWriteArrayList<>();
        private final Set<String> handled = ConcurrentHashMap.newKeySet();

        void add(String handler, Request request, Response response, Object result) {
            this.calls.add(new Call(handler, request, response, result));
        }

        void handled(String id) {
            this.handled.add(id);
        }

        void awaitHandled(String id) {
            await().until(() -> this.handled.contains(id));
        }

        List<String> handlersFor(String id) {
            return this.calls.stream().filter(call -> call.request().id().equals(id)).map(Call::handler).toList();
        }

        Call single(String handler, String id) {
            List<Call> matching = this.calls.stream()
                    .filter(call -> call.handler().equals(handler) && call.request().id().equals(id)).toList();
            assertThat(matching).as("calls of %s for %s", handler, id).hasSize(1);
            return matching.get(0);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HandlerConfiguration {

        @Bean
        Calls calls() {
            return new Calls();
        }

        @Bean
        TrackerCustomizer handledObserver(Calls calls) {
            return builder -> builder.addObserver((request, response, outcome, latency) -> calls.handled(request.id()));
        }

        @Bean
        TypedHandlers typedHandlers(Calls calls) {
            return new TypedHandlers(calls);
        }

        @Bean
        OutcomeHandlers outcomeHandlers(Calls calls) {
            return new OutcomeHandlers(calls);
        }

        @Bean
        TaskHandlers taskHandlers(Calls calls) {
            return new TaskHandlers(calls);
        }
    }

    static class TypedHandlers {

        private final Calls calls;

        TypedHandlers(Calls calls) {
            this.calls = calls;
        }

        @ResponseHandler(task = "items.list", on = ResponseHandler.Outcome.SUCCESS)
        void items(Request request, List<Item> items, Response response) {
            this.calls.add("items", request, response, items);
        }

        @ResponseHandler(task = "weather")
        void temperature(Temperature temperature, Request request) {
            this.calls.add("temperature", request, null, temperature);
        }
    }

    static class OutcomeHandlers {

        private final Calls calls;

        OutcomeHandlers(Calls calls) {
            this.calls = calls;
        }

        @ResponseHandler(task = "outcome", on = ResponseHandler.Outcome.SUCCESS)
        void onSuccess(Response response, Request request) {
            this.calls.add("onSuccess", request, response, null);
        }

        @ResponseHandler(task = "outcome", on = ResponseHandler.Outcome.ERROR)
        void onError(Response response, Request request, String result) {
            assertThat(result).isNull();
            this.calls.add("onError", request, response, result);
        }

        @ResponseHandler(task = "outcome")
        void onAny(Request request) {
            this.calls.add("onAny", request, null, null);
        }
    }

    static class TaskHandlers {

        private final Calls calls;

        TaskHandlers(Calls calls) {
            this.calls = calls;
        }

        @ResponseHandler(task = { "filter.a", "filter.b" })
        void filterAB(Request request) {
            this.calls.add("filterAB", request, null, null);
        }

        @ResponseHandler
        void everything(Request request, Response response) {
            this.calls.add("everything", request, response, null);
        }
    }

    /**
     * Two beans for the same task, registered in this order: the first records and throws, the second must still
     * run.
     */
    @Configuration(proxyBeanMethods = false)
    static class ThrowingHandlerConfiguration {

        @Bean
        Object throwingHandler(Calls calls) {
            return new Object() {
                @ResponseHandler(task = "throws")
                void boom(Request request) {
                    calls.add("beforeThrow", request, null, null);
                    throw new IllegalStateException("handler exploded");
                }
            };
        }

        @Bean
        Object handlerAfterTheThrowingOne(Calls calls) {
            return new Object() {
                @ResponseHandler(task = "throws")
                void after(Request request) {
                    calls.add("afterThrow", request, null, null);
                }
            };
        }
    }

    @Aspect
    static class CountingAspect {

        final AtomicInteger advised = new AtomicInteger();

        @Before("@annotation(io.acomm.spring.boot.ResponseHandler) && bean(advised*)")
        void count() {
            this.advised.incrementAndGet();
        }
    }

    interface AdvisedCallback {

        void handle(Request request);
    }

    static class AdvisedHandler {

        private final Calls calls;

        AdvisedHandler(Calls calls) {
            this.calls = calls;
        }

        @ResponseHandler(task = "advised")
        public void handle(Request request, Temperature temperature) {
            this.calls.add("advisedClass", request, null, temperature);
        }
    }

    static class AdvisedInterfaceHandler implements AdvisedCallback {

        private final Calls calls;

        AdvisedInterfaceHandler(Calls calls) {
            this.calls = calls;
        }

        @Override
        @ResponseHandler(task = "advised")
        public void handle(Request request) {
            this.calls.add("advisedInterface", request, null, null);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAspectJAutoProxy
    static class AopConfiguration {

        @Bean
        CountingAspect countingAspect() {
            return new CountingAspect();
        }

        @Bean
        AdvisedHandler advisedHandler(Calls calls) {
            return new AdvisedHandler(calls);
        }

        @Bean
        AdvisedCallback advisedInterfaceHandler(Calls calls) {
            return new AdvisedInterfaceHandler(calls);
        }
    }

    static class TwoResults {

        @ResponseHandler
        void handle(String first, Integer second) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoResultsConfiguration {

        @Bean
        TwoResults twoResults() {
            return new TwoResults();
        }
    }

    static class PrimitiveResult {

        @ResponseHandler
        void count(Request request, int count) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PrimitiveResultConfiguration {

        @Bean
        PrimitiveResult primitiveResult() {
            return new PrimitiveResult();
        }
    }
}
