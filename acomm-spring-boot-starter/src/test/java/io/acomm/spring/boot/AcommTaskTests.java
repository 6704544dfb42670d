package io.acomm.spring.boot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Sender;
import io.acomm.Streams;
import io.acomm.Tracker;
import io.acomm.spring.boot.AcommTestSupport.Temperature;
import io.acomm.test.TestHttpServer;
import io.acomm.test.TestHttpServer.Exchange;
import io.acomm.transport.UnixTransport;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

import static io.acomm.spring.boot.AcommTestSupport.callTask;
import static io.acomm.spring.boot.AcommTestSupport.provider;
import static io.acomm.spring.boot.AcommTestSupport.providerRunner;
import static io.acomm.spring.boot.AcommTestSupport.providerSocket;
import static io.acomm.test.TestSupport.await;
import static io.acomm.test.TestSupport.messageChain;
import static io.acomm.test.TestTrackers.callTask;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AcommTask} methods serve requests on the application's provider socket, called for real through the
 * context's tracker: how their parameters are resolved, how what they return or throw becomes the response, and
 * which signatures fail start-up.
 */
class AcommTaskTests {

    @TempDir
    Path socketDir;

    private ApplicationContextRunner runner() {
        return providerRunner(this.socketDir).withBean(JacksonModule.class, AcommTestSupport::temperatureModule)
                .withUserConfiguration(TaskConfiguration.class);
    }

    private static Response success(Response response) {
        assertThat(response.error()).as("error of %s", response).isNull();
        return response;
    }

    @Test
    void argsAreConvertedToTheDeclaredGenericTypes() {
        runner().run(context -> {
            Response list = success(callTask(context, "items.summary",
                    List.of(Map.of("name", "disk", "count", 2), Map.of("name", "nic", "count", 3))));
            assertThat(list.result(Summary.class)).isEqualTo(new Summary(5, List.of("disk", "nic")));

            Response map = success(callTask(context, "items.byKey", Map.of(
                    "b", Map.of("name", "nic", "count", 1), "a", Map.of("name", "disk", "count", 4))));
            assertThat(map.result(Summary.class)).isEqualTo(new Summary(5, List.of("a=disk", "b=nic")));

            Response pojo = success(callTask(context, "items.describe", Map.of("name", "cpu", "count", 8)));
            assertThat(pojo.rawResult().asString()).isEqualTo("8 x cpu");
            Response noArgs = success(callTask(context, "items.describe", null));
            assertThat(noArgs.rawResult().asString()).isEqualTo("no item");
        });
    }

    @Test
    void argsAndResultGoThroughTheApplicationsJacksonModules() {
        runner().run(context -> {
            Response warmer = success(callTask(context, "weather.warmer", "21.5C"));
            assertThat(warmer.rawResult().asString()).isEqualTo("22.5C");
        });
    }

    @Test
    void argsThatCannotBeConvertedAreAnsweredWithAnError() {
        runner().run(context -> {
            Response response = callTask(context, "items.summary", "not a list");
            assertThat(response.error()).contains("cannot convert");
            assertThat(response.rawResult().isNull()).isTrue();
        });
    }

    @Test
    void requestParameterAloneReceivesTheRequest() {
        runner().run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            Request request = Request.builder().task("request.only").args(List.of(1, 2)).build();
            Response response = success(callTask(tracker, provider(context).url(), request));
            JsonNode result = response.rawResult();
            assertThat(response.id()).isEqualTo(request.id());
            assertThat(result.get("id").asString()).isEqualTo(request.id());
            assertThat(result.get("task").asString()).isEqualTo("request.only");
            assertThat(result.get("hook").asString()).isEqualTo(tracker.url().toString());
            assertThat(result.get("args").toString()).isEqualTo("[1,2]");
        });
    }

    @Test
    void argsAndRequestInEitherOrder() {
        runner().run(context -> {
            Map<String, Object> disk = Map.of("name", "disk", "count", 2);
            assertThat(success(callTask(context, "args.first", disk)).rawResult().asString())
                    .isEqualTo("disk for args.first");
            assertThat(success(callTask(context, "request.first", disk)).rawResult().asString())
                    .isEqualTo("request.first got disk");
        });
    }

    @Test
    void voidAndNullReturnGiveANullResult() {
        runner().run(context -> {
            Response voided = success(callTask(context, "record", "marker-1"));
            assertThat(voided.rawResult().isNull()).isTrue();
            assertThat(voided.streamUrl()).isNull();
            assertThat(context.getBean(Recorder.class).recorded).containsExactly("marker-1");

            Response nothing = success(callTask(context, "nothing", "ignored"));
            assertThat(nothing.rawResult().isNull()).isTrue();
            assertThat(nothing.streamUrl()).isNull();
        });
    }

    @Test
    void thrownExceptionIsAnsweredWithItsMessage() {
        runner().run(context -> {
            Response runtime = callTask(context, "fail.runtime", "sum");
            assertThat(runtime.error()).isEqualTo("cannot sum");
            assertThat(runtime.rawResult().isNull()).isTrue();
            Response checked = callTask(context, "fail.checked", "backup");
            assertThat(checked.error()).isEqualTo("no disk for backup");
        });
    }

    @Test
    void completableFutureIsAnsweredWhenItCompletes() {
        runner().run(context -> {
            Response later = success(callTask(context, "later", Map.of("name", "disk", "count", 2)));
            assertThat(later.result(Item.class)).isEqualTo(new Item("disk", 4));

            Response failed = callTask(context, "later.fail", "no quorum");
            assertThat(failed.error()).isEqualTo("later: no quorum");
            assertThat(failed.rawResult().isNull()).isTrue();
        });
    }

    @Test
    void inputStreamIsServedAsAOneShotUnixStream() {
        runner().run(context -> {
            Response response = success(callTask(context, "stream.input", "streamed text"));
            assertThat(response.rawResult().isNull()).isTrue();
            URI streamUrl = response.streamUrl();
            assertThat(streamUrl).isNotNull();
            assertThat(streamUrl.getScheme()).isEqualTo("unix");
            Path streamSocket = UnixTransport.socketPath(streamUrl);
            assertThat(streamSocket.getParent()).isEqualTo(this.socketDir);

            assertThat(read(streamUrl)).isEqualTo("streamed text".getBytes(StandardCharsets.UTF_8));
            await().until(() -> context.getBean(Recorder.class).closedStreams.get() == 1);
            await().until(() -> !streamSocket.toFile().exists());
        });
    }

    @Test
    void resourcesAreServedAsUnixStreams() {
        runner().run(context -> {
            Response classpath = success(callTask(context, "stream.classpath", null));
            assertThat(classpath.rawResult().isNull()).isTrue();
            assertThat(new String(read(classpath.streamUrl()), StandardCharsets.UTF_8))
                    .isEqualTo(new ClassPathResource("io/acomm/spring/boot/task-stream.txt")
                            .getContentAsString(StandardCharsets.UTF_8))
                    .startsWith("bytes of a classpath resource");

            Response bytes = success(callTask(context, "stream.bytes", 300_000));
            assertThat(read(bytes.streamUrl())).isEqualTo(pattern(300_000));
        });
    }

    @Test
    void resourceThatCannotBeOpenedIsAnsweredWithAnError() {
        runner().run(context -> {
            Response response = callTask(context, "stream.missing", null);
            assertThat(response.error()).contains("cannot open").contains("no-such-file.txt");
            assertThat(response.streamUrl()).isNull();
        });
    }

    private static byte[] read(URI streamUrl) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Streams.stream(out, streamUrl);
        return out.toByteArray();
    }

    static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + i / 256);
        }
        return bytes;
    }

    @Test
    void returnedResponseIsSentAsItIs() {
        runner().run(context -> {
            Response response = callTask(context, "as.is", "refused by the task");
            assertThat(response.error()).isEqualTo("refused by the task");
        });
    }

    @Test
    void unknownTaskIsAnsweredWithAnError() {
        runner().run(context -> {
            Response response = callTask(context, "x", null);
            assertThat(response.error()).isEqualTo("unknown task: x");
            assertThat(context.getBean(Recorder.class).recorded).isEmpty();
        });
    }

    @Test
    void aopProxiedTaskBeansAreInvokedThroughTheirProxy() {
        runner().withUserConfiguration(AopConfiguration.class).run(context -> {
            assertThat(AopUtils.isCglibProxy(context.getBean(AdvisedTask.class))).isTrue();
            assertThat(AopUtils.isJdkDynamicProxy(context.getBean(Shouter.class))).isTrue();
            assertThat(success(callTask(context, "advised.class", "quiet")).rawResult().asString())
                    .isEqualTo("[QUIET]");
            assertThat(success(callTask(context, "advised.interface", "calm")).rawResult().asString())
                    .isEqualTo("[CALM!]");
            assertThat(context.getBean(BracketingAspect.class).advised).hasValue(2);
        });
    }

    @Test
    void responseToAnHttpHookIsPostedThroughTheRestTemplate() throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            runner().withBean(RestTemplateCustomizer.class, () -> restTemplate -> restTemplate.getInterceptors()
                    .add((request, body, execution) -> {
                        request.getHeaders().add("X-Acomm-Test", "rest-template");
                        return execution.execute(request, body);
                    })).run(context -> {
                        Request request = Request.builder().task("items.summary").responseHook(server.hook())
                                .args(List.of(Map.of("name", "disk", "count", 2))).build();
                        context.getBean(Sender.class).send(provider(context).url(), request);

                        await().until(() -> server.exchanges().size() == 1);
                        Exchange exchange = server.exchanges().get(0);
                        assertThat(exchange.headers().getFirst("X-Acomm-Test")).isEqualTo("rest-template");
                        assertThat(exchange.headers().getFirst("Content-Type")).startsWith("application/json");
                        JsonNode posted = new JsonMapper().readTree(exchange.body());
                        assertThat(posted.get("id").asString()).isEqualTo(request.id());
                        assertThat(posted.get("error").asString()).isEmpty();
                        assertThat(posted.get("result").toString()).isEqualTo("{\"total\":2,\"names\":[\"disk\"]}");
                        assertThat(posted.get("stream_url").isNull()).isTrue();
                    });
        }
    }

    @Test
    void twoArgsParametersFailStartUpNamingTheMethod() {
        assertStartUpFails(List.of(TwoArgs.class), TwoArgs.class.getName() + ".two(java.lang.String,java.lang.Integer)",
                "more than one other parameter");
    }

    @Test
    void primitiveArgsParameterFailsStartUpNamingTheMethod() {
        assertStartUpFails(List.of(PrimitiveArgs.class), PrimitiveArgs.class.getName() + ".twice(io.acomm.Request,int)",
                "must not be primitive", "Integer");
    }

    @Test
    void emptyTaskNameFailsStartUpNamingTheMethod() {
        assertStartUpFails(List.of(EmptyName.class), EmptyName.class.getName() + ".nameless(java.lang.String)",
                "the task name is empty");
    }

    @Test
    void twoMethodsForOneTaskFailStartUpNamingBoth() {
        assertStartUpFails(List.of(DuplicateTask.class, OtherDuplicateTask.class),
                "task 'dup' has two @AcommTask methods",
                DuplicateTask.class.getName() + ".first(java.lang.String)",
                OtherDuplicateTask.class.getName() + ".second(io.acomm.Request)");
    }

    private void assertStartUpFails(List<Class<?>> taskBeans, String... messages) {
        ApplicationContextRunner runner = providerRunner(this.socketDir);
        for (Class<?> taskBean : taskBeans) {
            runner = runner.withBean(taskBean);
        }
        runner.run(context -> {
            assertThat(context).hasFailed();
            String failure = messageChain(context.getStartupFailure());
            assertThat(failure).contains("@AcommTask");
            for (String message : messages) {
                assertThat(failure).contains(message);
            }
        });
        assertThat(providerSocket(this.socketDir)).doesNotExist();
    }

    record Item(String name, int count) {
    }

    record Summary(int total, List<String> names) {
    }

    /**
     * What the task methods record, to check that they ran.
     */
    static class Recorder {

        final List<String> recorded = new CopyOnWriteArrayList<>();
        final AtomicInteger closedStreams = new AtomicInteger();
    }

    @Configuration(proxyBeanMethods = false)
    static class TaskConfiguration {

        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        TypedTasks typedTasks() {
            return new TypedTasks();
        }

        @Bean
        ResultTasks resultTasks(Recorder recorder) {
            return new ResultTasks(recorder);
        }
    }

    static class TypedTasks {

        @AcommTask("items.summary")
        Summary summary(List<Item> items) {
            List<String> names = new ArrayList<>();
            int total = 0;
            for (Item item : items) {
                names.add(item.name());
                total += item.count();
            }
            return new Summary(total, names);
        }

        @AcommTask("items.byKey")
        Summary byKey(Map<String, Item> items) {
            List<String> names = new ArrayList<>();
            int total = 0;
            for (Map.Entry<String, Item> entry : new TreeMap<>(items).entrySet()) {
                names.add(entry.getKey() + "=" + entry.getValue().name());
                total += entry.getValue().count();
            }
            return new Summary(total, names);
        }

        @AcommTask("items.describe")
        String describe(Item item) {
            return item == null ? "no item" : item.count() + " x " + item.name();
        }

        @AcommTask("weather.warmer")
        Temperature warmer(Temperature temperature) {
            return new Temperature(temperature.celsius() + 1);
        }

        @AcommTask("request.only")
        Map<String, Object> requestOnly(Request request) {
            return Map.of("id", request.id(), "task", request.task(), "hook", request.responseHook().toString(),
                    "args", request.rawArgs());
        }

        @AcommTask("args.first")
        String argsFirst(Item item, Request request) {
            return item.name() + " for " + request.task();
        }

        @AcommTask("request.first")
        String requestFirst(Request request, Item item) {
            return request.task() + " got " + item.name();
        }
    }

    static class ResultTasks {

        private static final Executor LATER = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);

        private final Recorder recorder;

        ResultTasks(Recorder recorder) {
            this.recorder = recorder;
        }

        @AcommTask("record")
        void record(String marker) {
            this.recorder.recorded.add(marker);
        }

        @AcommTask("nothing")
        String nothing(String ignored) {
            return null;
        }

        @AcommTask("fail.runtime")
        String failRuntime(String what) {
            throw new IllegalStateException("cannot " + what);
        }

        @AcommTask("fail.checked")
        String failChecked(String what) throws IOException {
            throw new IOException("no disk for " + what);
        }

        @AcommTask("later")
        CompletableFuture<Item> later(Item item) {
            return CompletableFuture.supplyAsync(() -> new Item(item.name(), item.count() * 2), LATER);
        }

        @AcommTask("later.fail")
        CompletableFuture<String> laterFail(String why) {
            return CompletableFuture.supplyAsync(() -> {
                throw new IllegalStateException("later: " + why);
            }, LATER);
        }

        @AcommTask("stream.input")
        InputStream input(String text) {
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
                @Override
                public void close() throws IOException {
                    ResultTasks.this.recorder.closedStreams.incrementAndGet();
                    super.close();
                }
            };
        }

        @AcommTask("stream.classpath")
        Resource classpath() {
            return new ClassPathResource("io/acomm/spring/boot/task-stream.txt");
        }

        @AcommTask("stream.missing")
        Resource missing() {
            return new ClassPathResource("io/acomm/spring/boot/no-such-file.txt");
        }

        @AcommTask("stream.bytes")
        Resource bytes(Integer size) {
            return new ByteArrayResource(pattern(size));
        }

        @AcommTask("as.is")
        Response asIs(Request request, String error) {
            return Response.failure(request, error);
        }
    }

    @Aspect
    static class BracketingAspect {

        final AtomicInteger advised = new AtomicInteger();

        @Around("@annotation(io.acomm.spring.boot.AcommTask) && bean(advised*)")
        Object bracket(ProceedingJoinPoint call) throws Throwable {
            this.advised.incrementAndGet();
            return "[" + call.proceed() + "]";
        }
    }

    interface Shouter {

        String shout(String text);
    }

    static class AdvisedTask {

        @AcommTask("advised.class")
        public String upper(String text) {
            return text.toUpperCase();
        }
    }

    static class AdvisedInterfaceTask implements Shouter {

        @Override
        @AcommTask("advised.interface")
        public String shout(String text) {
            return text.toUpperCase() + "!";
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAspectJAutoProxy
    static class AopConfiguration {

        @Bean
        BracketingAspect bracketingAspect() {
            return new BracketingAspect();
        }

        @Bean
        AdvisedTask advisedTask() {
            return new AdvisedTask();
        }

        @Bean
        Shouter advisedInterfaceTask() {
            return new AdvisedInterfaceTask();
        }
    }

    static class TwoArgs {

        @AcommTask("two")
        String two(String first, Integer second) {
            return first + second;
        }
    }

    static class PrimitiveArgs {

        @AcommTask("primitive")
        int twice(Request request, int n) {
            return 2 * n;
        }
    }

    static class EmptyName {

        @AcommTask("")
        String nameless(String text) {
            return text;
        }
    }

    static class DuplicateTask {

        @AcommTask("dup")
        String first(String text) {
            return text;
        }

    }

    static class OtherDuplicateTask {

        @AcommTask("dup")
        String second(Request request) {
            return request.id();
        }
    }
}
