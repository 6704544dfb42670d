package io.acomm.spring.boot;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.acomm.AcommException;
import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.SendException;
import io.acomm.Sender;
import io.acomm.Tracker;
import io.acomm.TrackerObserver;
import io.acomm.UnixStreams;
import io.acomm.UrlFormat;
import io.acomm.internal.json.AcommModule;
import io.acomm.internal.server.UnixListener;
import io.acomm.spring.boot.AcommTestSupport.Temperature;
import io.acomm.test.TestHttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcomes;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.DispatcherServlet;

import static io.acomm.spring.boot.AcommTestSupport.contextRunner;
import static io.acomm.spring.boot.AcommTestSupport.webContextRunner;
import static io.acomm.spring.boot.AcommTestSupport.webServerContextRunner;
import static io.acomm.test.TestSupport.await;
import static io.acomm.test.TestSupport.completing;
import static io.acomm.test.TestSupport.resultOf;
import static io.acomm.test.TestTrackers.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The beans of the acomm auto-configurations, their conditions, how each backs off, and how the {@code acomm.*}
 * properties reach them.
 */
class AcommAutoConfigurationTests {

    @TempDir
    static Path sharedDir;

    @TempDir
    Path socketDir;

    @Test
    void autoConfigurationsAreRegisteredForBoot() {
        List<String> candidates = new ArrayList<>();
        ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).forEach(candidates::add);
        assertThat(candidates).contains(AcommAutoConfiguration.class.getName(),
                AcommWebMvcAutoConfiguration.class.getName(), AcommHealthAutoConfiguration.class.getName(),
                AcommMetricsAutoConfiguration.class.getName(), AcommObservationAutoConfiguration.class.getName(),
                AcommValidationAutoConfiguration.class.getName());
    }

    @Test
    void plainApplicationGetsJsonCodecSenderTrackerAndItsLifecycle() {
        contextRunner(this.socketDir).run(context -> {
            assertThat(context).hasNotFailed()
                    .hasSingleBean(AcommProperties.class)
                    .hasSingleBean(AcommJson.class)
                    .hasSingleBean(FrameCodec.class)
                    .hasSingleBean(Sender.class)
                    .hasSingleBean(ResponseHandlerRegistry.class)
                    .hasSingleBean(AcommMethodProcessor.class)
                    .hasSingleBean(AcommTaskRegistry.class)
                    .hasSingleBean(ProviderLifecycle.class)
                    .hasSingleBean(Tracker.class)
                    .hasSingleBean(TrackerLifecycle.class)
                    .hasBean("acommHealthIndicator");
            Tracker tracker = context.getBean(Tracker.class);
            assertThat(tracker.sender()).isSameAs(context.getBean(Sender.class));
            assertThat(tracker.sender().json()).isSameAs(context.getBean(AcommJson.class));
            assertThat(tracker.isListening()).isTrue();
            assertThat(tracker.addr().getParent()).isEqualTo(this.socketDir);
            assertThat(tracker.addr().getFileName().toString()).startsWith("acommTracker-").endsWith(".sock");
            assertThat(tracker.addr()).exists();
            assertThat(tracker.defaultTimeout()).isEqualTo(Duration.ofMinutes(1));
            assertThat(Files.getPosixFilePermissions(tracker.addr()))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(context.getBean(AcommJson.class).urlFormat()).isEqualTo(UrlFormat.GO);
            FrameCodec codec = context.getBean(FrameCodec.class);
            assertThat(codec.maxFrameSize()).isEqualTo(FrameCodec.DEFAULT_MAX_FRAME_SIZE);
            assertThat(codec.readTimeout()).isEqualTo(FrameCodec.DEFAULT_READ_TIMEOUT);
            assertThat(context.getBean(AcommProperties.class).getHttp().getBasePath()).isEqualTo("/acomm");
        });
    }

    @Test
    void webBeansOnlyInAServletWebApplication() {
        contextRunner(this.socketDir).run(context -> assertThat(context).doesNotHaveBean(AcommHttpController.class)
                .doesNotHaveBean(AcommServerUrls.class));
        webContextRunner(this.socketDir).run(context -> assertThat(context).hasSingleBean(AcommHttpController.class)
                .hasSingleBean(AcommServerUrls.class));
    }

    static Stream<Arguments> optionalModules() {
        return Stream.of(
                Arguments.of("org.springframework.boot.health", HealthIndicator.class,
                        AcommHealthAutoConfiguration.class, AcommHealthIndicator.class),
                Arguments.of("io.micrometer", MeterRegistry.class, AcommMetricsAutoConfiguration.class,
                        AcommMetrics.class),
                Arguments.of("org.springframework.web.servlet", DispatcherServlet.class,
                        AcommWebMvcAutoConfiguration.class, AcommHttpController.class),
                Arguments.of("org.springframework.boot.web.server", WebServerInitializedEvent.class,
                        AcommServerUrlsConfiguration.class, AcommServerUrls.class));
    }

    /**
     * Without an optional module (all its packages hidden) the application starts without the beans that need it,
     * and the conditions report names the configuration left out and the missing class.
     */
    @ParameterizedTest(name = "without {0}")
    @MethodSource("optionalModules")
    void withoutAnOptionalModuleItsBeansAreLeftOutAndTheConditionsReportSaysWhy(String hiddenPackage,
            Class<?> missing, Class<?> configuration, Class<?> bean) {
        webContextRunner(this.socketDir).withBean(SimpleMeterRegistry.class)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(bean));
        webContextRunner(this.socketDir).withBean(SimpleMeterRegistry.class)
                .withClassLoader(new FilteredClassLoader(hiddenPackage)).run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(bean).hasSingleBean(Tracker.class);
                    ConditionAndOutcomes outcomes = ConditionEvaluationReport.get(context.getBeanFactory())
                            .getConditionAndOutcomesBySource().get(configuration.getName());
                    assertThat(outcomes).isNotNull();
                    assertThat(outcomes.isFullMatch()).isFalse();
                    assertThat(outcomes).anySatisfy(outcome -> assertThat(outcome.getOutcome().getMessage())
                            .contains("@ConditionalOnClass did not find required class '" + missing.getName()));
                });
    }

    @Test
    void metricsOnlyWithAMeterRegistryAndHealthUnlessDisabled() {
        contextRunner(this.socketDir).run(context -> assertThat(context).doesNotHaveBean(AcommMetrics.class));
        contextRunner(this.socketDir).withBean(SimpleMeterRegistry.class)
                .withPropertyValues("management.health.acomm.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(AcommMetrics.class)
                        .doesNotHaveBean(AcommHealthIndicator.class));
    }

    @Test
    void disabledTurnsEverythingOff() {
        webContextRunner(this.socketDir).withBean(SimpleMeterRegistry.class)
                .withPropertyValues("acomm.enabled=false").run(context -> {
                    assertThat(context).hasNotFailed();
                    for (Class<?> type : List.of(AcommProperties.class, AcommJson.class, FrameCodec.class,
                            Sender.class, ResponseHandlerRegistry.class, AcommMethodProcessor.class,
                            AcommTaskRegistry.class, AcommTaskErrorHandler.class, ProviderLifecycle.class,
                            Tracker.class, TrackerLifecycle.class, AcommHttpController.class, AcommServerUrls.class,
                            AcommMetrics.class, AcommHealthIndicator.class, TrackerCustomizer.class,
                            SenderCustomizer.class)) {
                        assertThat(context).doesNotHaveBean(type);
                    }
                    try (Stream<Path> files = Files.list(this.socketDir)) {
                        assertThat(files).isEmpty();
                    }
                });
    }

    static Stream<Arguments> userBeans() {
        return Stream.of(
                Arguments.of(AcommJson.class, (Supplier<Object>) () -> AcommJson.create(UrlFormat.STRING)),
                Arguments.of(FrameCodec.class, (Supplier<Object>) () -> new FrameCodec(1024, Duration.ofSeconds(1))),
                Arguments.of(Sender.class, (Supplier<Object>) () -> Sender.builder().build()),
                Arguments.of(ResponseHandlerRegistry.class, (Supplier<Object>) ResponseHandlerRegistry::new),
                Arguments.of(AcommMethodProcessor.class, (Supplier<Object>) () ->
                        new AcommMethodProcessor(new ResponseHandlerRegistry(), new AcommTaskRegistry(),
                                AcommJson.defaults(), UnixStreams.builder().dir(sharedDir).build())),
                Arguments.of(AcommTaskRegistry.class, (Supplier<Object>) AcommTaskRegistry::new),
                Arguments.of(AcommTaskErrorHandler.class, (Supplier<Object>) () ->
                        (AcommTaskErrorHandler) (request, exception) -> "failed"),
                Arguments.of(Tracker.class, (Supplier<Object>) () -> Tracker.builder().socketDir(sharedDir).build()),
                Arguments.of(UnixStreams.class, (Supplier<Object>) () -> UnixStreams.builder().dir(sharedDir).build()),
                Arguments.of(AcommHttpController.class, (Supplier<Object>) () ->
                        new AcommHttpController(Tracker.builder().socketDir(sharedDir).build(), AcommJson.defaults(),
                                1024)),
                Arguments.of(AcommServerUrls.class, (Supplier<Object>) () ->
                        new AcommServerUrls(new StandardEnvironment(), "/elsewhere")),
                Arguments.of(AcommMetrics.class, (Supplier<Object>) () -> new AcommMetrics(new SimpleMeterRegistry())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userBeans")
    @SuppressWarnings("unchecked")
    void autoConfiguredBeanBacksOffForTheApplicationsOwn(Class<Object> type, Supplier<Object> factory) {
        Object own = factory.get();
        webContextRunner(this.socketDir).withBean(SimpleMeterRegistry.class).withBean("ownBean", type, () -> own)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(type);
                    assertThat(context.getBean(type)).isSameAs(own);
                });
    }

    @Test
    void trackerLifecycleAndHealthIndicatorBackOffByTypeAndName() {
        Tracker ownTracker = Tracker.builder().socketDir(this.socketDir).build();
        TrackerLifecycle ownLifecycle = new TrackerLifecycle(ownTracker, Duration.ZERO);
        AcommHealthIndicator ownHealth = new AcommHealthIndicator(ownTracker, null);
        contextRunner(this.socketDir).withBean("ownLifecycle", TrackerLifecycle.class, () -> ownLifecycle)
                .withBean("acommHealthIndicator", AcommHealthIndicator.class, () -> ownHealth).run(context -> {
                    assertThat(context).hasSingleBean(TrackerLifecycle.class);
                    assertThat(context.getBean(TrackerLifecycle.class)).isSameAs(ownLifecycle);
                    assertThat(context.getBean(AcommHealthIndicator.class)).isSameAs(ownHealth);
                    assertThat(ownTracker.isListening()).isTrue();
                    assertThat(context.getBean(Tracker.class).isListening()).isFalse();
                });
        assertThat(ownTracker.isListening()).isFalse();
    }

    @Test
    void applicationTrackerIsStartedAndUsedByTheOtherBeans() {
        Tracker own = Tracker.builder().socketDir(this.socketDir).build();
        webContextRunner(this.socketDir).withBean(SimpleMeterRegistry.class).withBean(Tracker.class, () -> own)
                .run(context -> {
                    assertThat(own.isListening()).isTrue();
                    assertThat(context.getBean(AcommHealthIndicator.class).health().getDetails())
                            .containsEntry("trackerSocket", own.addr().toString());
                });
        assertThat(own.isListening()).isFalse();
    }

    @Test
    void applicationJsonAndCodecAreUsedBySenderAndTracker() {
        AcommJson ownJson = AcommJson.create(UrlFormat.STRING);
        contextRunner(this.socketDir).withBean(AcommJson.class, () -> ownJson)
                .withBean(FrameCodec.class, () -> new FrameCodec(64, Duration.ofSeconds(1))).run(context -> {
                    Tracker tracker = context.getBean(Tracker.class);
                    assertThat(context.getBean(Sender.class).json()).isSameAs(ownJson);
                    assertThat(tracker.sender().json()).isSameAs(ownJson);
                    Request request = track(tracker, "codec", null);
                    assertThatExceptionOfType(SendException.class)
                            .isThrownBy(() -> Sender.defaults().send(tracker.url(),
                                    Response.success(request, "x".repeat(100))));
                    tracker.removeRequest(request);
                });
    }

    @Test
    void trackerPropertiesReachTheTracker() {
        Path socketPath = this.socketDir.resolve("t.sock");
        contextRunner(this.socketDir).withPropertyValues("acomm.tracker.socket-path=" + socketPath,
                "acomm.tracker.default-timeout=7s",
                "acomm.tracker.http-stream-url=http://streams.example:8080/acomm/stream",
                "acomm.tracker.external-proxy-url=http://proxy.example:8080/acomm/responses",
                "acomm.unix.socket-permissions=0660").run(context -> {
                    Tracker tracker = context.getBean(Tracker.class);
                    assertThat(tracker.addr()).isEqualTo(socketPath);
                    assertThat(tracker.url()).isEqualTo(URI.create("unix://" + socketPath));
                    assertThat(socketPath).exists();
                    assertThat(tracker.defaultTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(tracker.httpStreamUrl())
                            .isEqualTo(URI.create("http://streams.example:8080/acomm/stream"));
                    assertThat(tracker.externalProxyUrl())
                            .isEqualTo(URI.create("http://proxy.example:8080/acomm/responses"));
                    assertThat(Files.getPosixFilePermissions(socketPath))
                            .isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
                });
        assertThat(socketPath).doesNotExist();
    }

    @Test
    void backlogPropertyLimitsTheQueueOfTheTrackerSocket() throws Exception {
        Path provider = this.socketDir.resolve("acking-provider.sock");
        UnixListener acking = UnixListener.builder(provider).build();
        acking.start(socket -> {
            FrameCodec.defaults().readFrame(socket);
            FrameCodec.defaults().writeFrame(socket.getOutputStream(), AcommJson.defaults().encode(Response.ack()));
        });
        CountDownLatch release = new CountDownLatch(1);
        try {
            contextRunner(this.socketDir).withPropertyValues("acomm.unix.backlog=8",
                    "acomm.tracker.listener-concurrency=1").run(context -> {
                        Tracker tracker = context.getBean(Tracker.class);
                        Request request = Request.builder().task("hold").build();
                        CompletableFuture<Response> answered = tracker.send(URI.create("unix://" + provider),
                                request);
                        CountDownLatch holding = new CountDownLatch(1);
                        // the future is completed on the tracker's only accepting thread, which then waits here
                        answered.thenRun(() -> {
                            holding.countDown();
                            awaitQuietly(release);
                        });
                        Sender.defaults().send(tracker.url(), Response.success(request.withResponseHook(
                                tracker.url()), "held"));
                        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
                        assertThat(connectBurst(tracker.addr(), 100)).as("connections refused beyond a queue of 8")
                                .isGreaterThan(50);
                        release.countDown();
                    });
        }
        finally {
            release.countDown();
            acking.stop(Duration.ofSeconds(1));
        }
    }

    /**
     * Connects 100 clients without blocking and without retrying, then closes them.
     * @return how many were refused at once (junixsocket reports a non-blocking connect refused with EAGAIN as
     *     pending)
     */
    private static int connectBurst(Path socket, int count) throws IOException {
        List<AFUNIXSocketChannel> burst = new ArrayList<>();
        int refused = 0;
        try {
            for (int i = 0; i < count; i++) {
                AFUNIXSocketChannel channel = AFUNIXSocketChannel.open();
                burst.add(channel);
                channel.configureBlocking(false);
                if (!channel.connect(AFUNIXSocketAddress.of(socket))) {
                    refused++;
                }
            }
        }
        finally {
            for (AFUNIXSocketChannel channel : burst) {
                channel.close();
            }
        }
        return refused;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void maxConnectionsPropertyClosesFurtherConnectionsOfTheTrackerSocketAtOnceAndCountsThem() {
        contextRunner(this.socketDir).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("acomm.unix.max-connections=2").run(context -> {
                    Path socket = context.getBean(Tracker.class).addr();
                    try (AFUNIXSocket first = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socket));
                            AFUNIXSocket second = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socket))) {
                        // both wait for a frame; a third connection is one too many
                        assertThat(first.isConnected() && second.isConnected()).as("both connected").isTrue();
                        await().untilAsserted(() -> {
                            try (AFUNIXSocket third = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socket))) {
                                third.setSoTimeout(5000);
                                assertThat(third.getInputStream().read()).as("closed at once").isEqualTo(-1);
                            }
                        });
                    }
                    // what Boot's metrics auto-configuration does with every MeterBinder bean
                    MeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean("acommRefusedConnectionsCounters", MeterBinder.class).bindTo(registry);
                    double refused = registry.get("acomm.connections.refused").tag("endpoint", "tracker")
                            .functionCounter().count();
                    assertThat(refused).isGreaterThanOrEqualTo(1);
                });
    }

    @Test
    void listenerConcurrencyPropertySetsTheTrackersAcceptingThreads() {
        long before = trackerAcceptingThreads();
        contextRunner(this.socketDir).withPropertyValues("acomm.tracker.listener-concurrency=3").run(context -> {
            assertThat(context).hasSingleBean(Tracker.class);
            assertThat(trackerAcceptingThreads() - before).isEqualTo(3);
        });
    }

    /** The accepting threads of every tracker running in this JVM: {@code acomm-tracker-<n>}. */
    private static long trackerAcceptingThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.matches("acomm-tracker-\\d+")).count();
    }

    @Test
    void sendTimeoutPropertyEndsAUnixDeliveryToAPeerThatNeverAcks() throws Exception {
        Path mute = this.socketDir.resolve("mute.sock");
        try (AFUNIXServerSocket server = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(mute))) {
            CompletableFuture<AFUNIXSocket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.accept();
                }
                catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            contextRunner(this.socketDir).withPropertyValues("acomm.unix.send-timeout=300ms").run(context -> {
                Sender sender = context.getBean(Sender.class);
                assertThatExceptionOfType(SendException.class)
                        .isThrownBy(() -> sender.send(URI.create("unix://" + mute), Response.ack()))
                        .withMessageContaining("timed out after 300 ms").withMessageContaining(mute.toString());
            });
            accepted.join().close();
        }
    }

    @Test
    void unixPropertiesReachTheCodecTheTrackerReadsWith() {
        contextRunner(this.socketDir).withPropertyValues("acomm.unix.max-frame-size=1KB",
                "acomm.unix.read-timeout=250").run(context -> {
                    FrameCodec codec = context.getBean(FrameCodec.class);
                    assertThat(codec.maxFrameSize()).isEqualTo(1024);
                    assertThat(codec.readTimeout()).isEqualTo(Duration.ofMillis(250));
                    Tracker tracker = context.getBean(Tracker.class);
                    Request small = track(tracker, "frames", null);
                    Sender.defaults().send(tracker.url(), Response.success(small, "x".repeat(900)));
                    Request large = track(tracker, "frames", null);
                    assertThatExceptionOfType(SendException.class)
                            .isThrownBy(() -> Sender.defaults().send(tracker.url(),
                                    Response.success(large, "x".repeat(1100))));
                    assertThat(tracker.retrieveRequest(large.id())).isNotNull();
                });
    }

    @Test
    void requestHooksAreWrittenInGoFormByDefault() {
        contextRunner(this.socketDir).run(context -> {
            JsonNode hook = responseHookOnTheWire(context);
            assertThat(hook.isObject()).isTrue();
            assertThat(hook.get("Scheme").asString()).isEqualTo("unix");
            assertThat(hook.get("Path").asString()).isEqualTo("/run/acomm/provider.sock");
        });
    }

    @Test
    void stringUrlFormatWritesRequestHooksAsStrings() {
        contextRunner(this.socketDir).withPropertyValues("acomm.wire.url-format=string").run(context -> {
            assertThat(context.getBean(AcommJson.class).urlFormat()).isEqualTo(UrlFormat.STRING);
            JsonNode hook = responseHookOnTheWire(context);
            assertThat(hook.isString()).isTrue();
            assertThat(hook.asString()).isEqualTo("unix:///run/acomm/provider.sock");
        });
    }

    /**
     * Sends a request with the auto-configured sender to a real HTTP server and reads back its hook as posted.
     */
    private static JsonNode responseHookOnTheWire(ApplicationContext context) throws Exception {
        try (TestHttpServer server = TestHttpServer.start()) {
            context.getBean(Sender.class).send(server.hook(),
                    Request.create("t", "unix:///run/acomm/provider.sock", null));
            byte[] posted = server.exchanges().get(0).body();
            return new JsonMapper().readTree(posted).get("responsehook");
        }
    }

    @Test
    void jsonIsDerivedFromTheApplicationMapperWithoutChangingIt() {
        contextRunner(this.socketDir).withBean(JacksonModule.class, AcommTestSupport::temperatureModule)
                .withPropertyValues("spring.jackson.serialization.indent-output=true").run(context -> {
                    JsonMapper applicationMapper = context.getBean(JsonMapper.class);
                    AcommJson json = context.getBean(AcommJson.class);
                    assertThat(json.mapper()).isNotSameAs(applicationMapper);

                    String wire = new String(json.encode(Request.create("t", "unix:///x.sock",
                            List.of(new Temperature(21.5)))), StandardCharsets.UTF_8);
                    assertThat(wire).contains("\"args\":[\"21.5C\"]").doesNotContain("\n");
                    assertThat(json.convert(new JsonMapper().readTree("\"-3.0C\""), Temperature.class))
                            .isEqualTo(new Temperature(-3.0));

                    assertThat(applicationMapper.isEnabled(SerializationFeature.INDENT_OUTPUT)).isTrue();
                    assertThat(applicationMapper.registeredModules()).noneMatch(AcommModule.class::isInstance);
                    assertThat(json.mapper().registeredModules()).anyMatch(AcommModule.class::isInstance);
                    assertThat(applicationMapper.writeValueAsString(new Temperature(1.0))).isEqualTo("\"1.0C\"");
                });
    }

    @Test
    void jsonWithoutAnApplicationMapper() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AcommAutoConfiguration.class))
                .withPropertyValues("acomm.tracker.socket-dir=" + this.socketDir, "acomm.wire.url-format=string")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(JsonMapper.class);
                    assertThat(context.getBean(AcommJson.class).urlFormat()).isEqualTo(UrlFormat.STRING);
                    assertThat(context.getBean(Tracker.class).isListening()).isTrue();
                });
    }

    @Test
    void trackerCustomizersApplyInOrder() {
        List<Response> observed = new CopyOnWriteArrayList<>();
        contextRunner(this.socketDir).withUserConfiguration(OrderedTrackerCustomizers.class)
                .withBean(TrackerObserver.class, () -> (request, response, outcome, latency) -> observed.add(response))
                .run(context -> {
                    Tracker tracker = context.getBean(Tracker.class);
                    assertThat(tracker.defaultTimeout()).isEqualTo(Duration.ofSeconds(42));
                    CompletableFuture<Response> answered = new CompletableFuture<>();
                    Request request = track(tracker, "customized", null, completing(answered), null);
                    Sender.defaults().send(tracker.url(), Response.success(request, "done"));
                    resultOf(answered);
                    await().until(() -> observed.size() == 1);
                    assertThat(observed.get(0).id()).isEqualTo(request.id());
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedTrackerCustomizers {

        @Bean
        @Order(2)
        TrackerCustomizer laterTimeout(TrackerObserver observer) {
            return builder -> builder.defaultTimeout(Duration.ofSeconds(42)).addObserver(observer);
        }

        @Bean
        @Order(1)
        TrackerCustomizer earlierTimeout() {
            return builder -> builder.defaultTimeout(Duration.ofSeconds(3));
        }
    }

    @Test
    void senderCustomizersApply() {
        List<URI> delivered = new CopyOnWriteArrayList<>();
        contextRunner(this.socketDir).withBean(SenderCustomizer.class,
                () -> builder -> builder.transport("test", (destination, message) -> delivered.add(destination)))
                .run(context -> {
                    URI destination = URI.create("test://somewhere/hook");
                    context.getBean(Sender.class).send(destination, Response.ack());
                    assertThat(delivered).containsExactly(destination);
                });
    }

    @Test
    void withoutAWebServerNothingIsDerivedAndProxyExternalIsRefused() {
        webContextRunner(this.socketDir).run(context -> {
            Tracker tracker = context.getBean(Tracker.class);
            assertThat(tracker.httpStreamUrl()).isNull();
            assertThat(tracker.externalProxyUrl()).isNull();
            assertThatExceptionOfType(AcommException.class)
                    .isThrownBy(() -> tracker.proxyExternal(Request.create("t", "unix:///x.sock", null), null))
                    .withMessageContaining("no external proxy URL");
        });
    }

    @Test
    void endpointUrlsAreDerivedFromTheServerContextPathAndBasePath() {
        webServerContextRunner(this.socketDir).withPropertyValues("server.servlet.context-path=/app",
                "acomm.http.base-path=/custom").run(context -> {
                    int port = port(context);
                    Tracker tracker = context.getBean(Tracker.class);
                    String base = "http://127.0.0.1:" + port + "/app/custom";
                    assertThat(tracker.httpStreamUrl()).isEqualTo(URI.create(base + "/stream"));
                    assertThat(tracker.externalProxyUrl()).isEqualTo(URI.create(base + "/responses"));

                    RestClient client = RestClient.create();
                    ResponseEntity<String> atBasePath = client.post().uri(tracker.externalProxyUrl())
                            .contentType(MediaType.APPLICATION_JSON).body("{not json").retrieve()
                            .onStatus(status -> true, (request, response) -> { })
                            .toEntity(String.class);
                    assertThat(atBasePath.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(atBasePath.getBody()).contains("\"error\":\"invalid response JSON");
                    ResponseEntity<String> atDefaultPath = client.post()
                            .uri("http://127.0.0.1:" + port + "/app/acomm/responses")
                            .contentType(MediaType.APPLICATION_JSON).body("{not json").retrieve()
                            .onStatus(status -> true, (request, response) -> { })
                            .toEntity(String.class);
                    assertThat(atDefaultPath.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
                });
    }

    @Test
    void derivedHostIsTheHostNameWhenTheServerListensEverywhere() {
        webServerContextRunner(this.socketDir).withPropertyValues("server.address=").run(context -> {
            String expected = "http://" + InetAddress.getLocalHost().getHostName() + ":" + port(context)
                    + "/acomm/stream";
            assertThat(context.getBean(Tracker.class).httpStreamUrl()).isEqualTo(URI.create(expected));
        });
    }

    @Test
    void configuredUrlsWinOverDerivedOnes() {
        webServerContextRunner(this.socketDir).withPropertyValues(
                "acomm.tracker.http-stream-url=https://public.example/acomm/stream",
                "acomm.tracker.external-proxy-url=https://public.example/acomm/responses").run(context -> {
                    Tracker tracker = context.getBean(Tracker.class);
                    assertThat(tracker.httpStreamUrl()).isEqualTo(URI.create("https://public.example/acomm/stream"));
                    assertThat(tracker.externalProxyUrl())
                            .isEqualTo(URI.create("https://public.example/acomm/responses"));
                });
    }

    @Test
    void sendsAreMeasuredWhenThereIsAMeterRegistry() {
        contextRunner(this.socketDir).withBean(SimpleMeterRegistry.class).run(context -> {
            try (TestHttpServer server = TestHttpServer.start()) {
                context.getBean(Sender.class).send(server.hook(), Response.ack());
            }
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("acomm.sends").tag("scheme", "http").tag("outcome", "success").timer().count())
                    .isEqualTo(1);
        });
    }

    private static int port(AssertableWebApplicationContext context) {
        return context.getSourceApplicationContext(ServletWebServerApplicationContext.class).getWebServer().getPort();
    }
}
