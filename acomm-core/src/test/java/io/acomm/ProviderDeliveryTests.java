package io.acomm;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.acomm.internal.server.UnixListener;
import io.acomm.test.LogCapture;
import io.acomm.test.TestHttpServer;
import io.acomm.test.TestSupport;
import io.acomm.test.TestTrackers;
import io.acomm.transport.HttpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A provider delivers its responses with a concurrency of their own: a hook that takes a response and does not ack
 * it keeps no task from running and, while delivery slots are left, no response to another hook from going out.
 * Real sockets and a real HTTP server; the mute hooks answer once the test lets them.
 */
class ProviderDeliveryTests {

    @RegisterExtension
    final TestSupport.Servers servers = new TestSupport.Servers();

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @TempDir
    Path dir;

    private final List<Provider> providers = new ArrayList<>();
    private final List<Tracker> trackers = new ArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();
    /** The names of the threads that completed requests: that delivered their responses and told the observers. */
    private final List<String> completedOn = new CopyOnWriteArrayList<>();
    private final Map<String, String> deliveredBy = new ConcurrentHashMap<>();
    private final CountDownLatch muteHookAnswers = new CountDownLatch(1);
    /** The ids of the responses the mute hook was given, each once it has read it. */
    private final List<String> muteHookReceived = new CopyOnWriteArrayList<>();
    private final AtomicInteger muteHookHolding = new AtomicInteger();
    private final AtomicInteger muteHookPeak = new AtomicInteger();
    /** The futures the task "later" returned, for the test to complete. */
    private final BlockingQueue<CompletableFuture<Response>> later = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        this.muteHookAnswers.countDown();
        this.providers.forEach(provider -> provider.stop(Duration.ofSeconds(5)));
        this.trackers.forEach(TestTrackers::stopQuietly);
    }

    /** Hooks that take a response and ack it only when the test lets them. */
    enum MuteHook {
        UNIX, HTTP
    }

    private URI muteHook(MuteHook kind) throws IOException {
        return switch (kind) {
            case UNIX -> this.servers.start(UnixListener.builder(this.dir.resolve("mute.sock")).name("mute")
                    .maxConcurrency(32), socket -> {
                        byte[] response = FrameCodec.defaults().readFrame(socket);
                        holdUntilLetGo(response);
                        FrameCodec.defaults().writeFrame(socket.getOutputStream(),
                                AcommJson.defaults().encode(Response.ack()));
                    }).url();
            case HTTP -> {
                HttpServer server = this.servers.http(exchange -> {
                    byte[] response;
                    try (InputStream body = exchange.getRequestBody()) {
                        response = body.readAllBytes();
                    }
                    holdUntilLetGo(response);
                    TestHttpServer.reply(exchange, 200, AcommJson.defaults().encode(Response.ack()));
                });
                yield URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
            }
        };
    }

    private void holdUntilLetGo(byte[] response) {
        this.muteHookPeak.accumulateAndGet(this.muteHookHolding.incrementAndGet(), Math::max);
        this.muteHookReceived.add(AcommJson.defaults().decodeResponse(response).id());
        try {
            this.muteHookAnswers.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            this.muteHookHolding.decrementAndGet();
        }
    }

    /** A provider with the task "work", which counts its runs and answers at once. */
    private Provider provider(ProviderBuilder builder) {
        Provider provider = builder.socketPath(this.dir.resolve("provider.sock"))
                .task("work", request -> {
                    this.runs.incrementAndGet();
                    return CompletableFuture.completedFuture(Response.success(request, "done"));
                })
                .task("later", request -> {
                    CompletableFuture<Response> response = new CompletableFuture<>();
                    this.later.add(response);
                    return response;
                })
                .addObserver((request, response, known, duration) -> {
                    this.completedOn.add(Thread.currentThread().getName());
                    this.deliveredBy.put(request.task(), Thread.currentThread().getName());
                })
                .build();
        this.providers.add(provider);
        provider.start();
        return provider;
    }

    private Tracker tracker() {
        Tracker tracker = Tracker.builder().socketPath(this.dir.resolve("tracker.sock")).build();
        this.trackers.add(tracker);
        tracker.startListener();
        return tracker;
    }

    /** Sends requests for "work" answered to the hook; each send returns once the provider acked it. */
    private List<String> send(Provider provider, URI hook, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Request request = Request.builder().task("work").responseHook(hook).build();
            Sender.defaults().send(provider.url(), request);
            ids.add(request.id());
        }
        return ids;
    }

    @ParameterizedTest
    @EnumSource(MuteHook.class)
    void tasksKeepRunningWhileTheirResponsesWaitForAMuteHook(MuteHook kind) throws Exception {
        URI mute = muteHook(kind);
        Provider provider = provider(Provider.builder().maxConcurrency(1).deliveryConcurrency(2));

        List<String> ids = send(provider, mute, 6);

        TestSupport.await().until(() -> this.runs.get() == 6);
        TestSupport.await().until(() -> this.muteHookReceived.size() == 2);
        assertThat(provider.inFlight()).as("requests in flight: run, and waiting for their delivery").isEqualTo(6);
        assertThat(this.completedOn).as("requests completed").isEmpty();

        this.muteHookAnswers.countDown();
        TestSupport.await().until(() -> provider.inFlight() == 0);
        assertThat(this.muteHookReceived).as("responses delivered, each once").containsExactlyInAnyOrderElementsOf(ids);
        assertThat(this.muteHookPeak).as("deliveries at once").hasValue(2);
        assertThat(this.completedOn).as("requests completed").hasSize(6);
        assertThat(this.log.warnings()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(MuteHook.class)
    void aResponseToAGoodHookGoesOutWhileAMuteHookHoldsOtherDeliveries(MuteHook kind) throws Exception {
        URI mute = muteHook(kind);
        Tracker tracker = tracker();
        Provider provider = provider(Provider.builder().maxConcurrency(1));
        send(provider, mute, 3);
        TestSupport.await().until(() -> this.muteHookReceived.size() == 3);

        Response response = tracker.send(provider.url(), Request.builder().task("work").build(),
                Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        assertThat(response.result(String.class)).isEqualTo("done");
        // the good request leaves the count once its delivery has ended; the three the mute hook holds stay
        TestSupport.await().until(() -> provider.inFlight() == 3);
        assertThat(this.muteHookReceived).hasSize(3);
    }

    /**
     * A hook that never answers holds a delivery slot only until the HTTP request timeout: then the delivery fails,
     * is logged once with the request's id, task and hook, and the slot goes to the next delivery.
     */
    @Test
    void anHttpHookThatNeverAnswersReleasesItsDeliverySlotAtTheRequestTimeout() throws Exception {
        URI mute = muteHook(MuteHook.HTTP);
        Sender sender = Sender.builder().transport("http", new HttpTransport(AcommJson.defaults(),
                java.net.http.HttpClient.newHttpClient(), Duration.ofMillis(300))).build();
        Tracker tracker = tracker();
        Provider provider = provider(Provider.builder().sender(sender).deliveryConcurrency(1));
        String held = send(provider, mute, 1).get(0);
        TestSupport.await().until(() -> this.muteHookReceived.size() == 1);

        // the only delivery slot is held by the mute hook until the request times out
        Response response = tracker.send(provider.url(), Request.builder().task("work").build(),
                Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);

        assertThat(response.result(String.class)).isEqualTo("done");
        assertThat(this.muteHookReceived).containsExactly(held);
        assertThat(this.log.warnings()).singleElement().asString().contains("request " + held)
                .contains("task 'work'").contains(mute.toString()).contains("timed out");
    }

    /**
     * Deliveries to a mute hook run on the listener thread that ran the task only within the listener's budget of
     * provider work ({@code maxConcurrency} threads): the rest are handed to the delivery pool, and the listener
     * keeps threads to ack new requests. A provider that let each listener thread deliver would stop acking after
     * {@code maxConcurrency + 4} requests here.
     */
    @Test
    void deliveriesToAMuteHookLeaveTheListenerThreadsToAck() throws Exception {
        URI mute = muteHook(MuteHook.UNIX);
        Provider provider = provider(Provider.builder().maxConcurrency(1).deliveryConcurrency(12));

        send(provider, mute, 12);
        TestSupport.await().until(() -> this.muteHookReceived.size() == 12);

        Tracker tracker = tracker();
        CompletableFuture<Response> response = tracker.send(provider.url(), Request.builder().task("work").build(),
                Duration.ofSeconds(10));
        assertThat(response).as("request acked").isNotCompletedExceptionally();
        TestSupport.await().until(() -> this.runs.get() == 13);
        this.muteHookAnswers.countDown();
        assertThat(response.get(10, TimeUnit.SECONDS).result(String.class)).isEqualTo("done");
    }

    @Test
    void aResponseReadyAtOnceIsDeliveredByTheThreadThatRanItsTask() throws Exception {
        Tracker tracker = tracker();
        Provider provider = provider(Provider.builder());

        tracker.send(provider.url(), Request.builder().task("work").build(), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
        Request request = Request.builder().task("later").build();
        CompletableFuture<Response> response = tracker.send(provider.url(), request, Duration.ofSeconds(5));
        TestSupport.poll(this.later).complete(Response.success(request, "done"));
        response.get(10, TimeUnit.SECONDS);

        TestSupport.await().until(() -> this.completedOn.size() == 2);
        assertThat(this.deliveredBy.get("work")).as("thread that delivered the response of 'work'")
                .matches("acomm-provider-\\d+");
        assertThat(this.deliveredBy.get("later")).as("thread that delivered the response of 'later', not the test's")
                .matches("acomm-provider-(delivery-)?\\d+");
    }

    @Test
    void stopWaitsForTheDeliveriesInFlight() throws Exception {
        URI mute = muteHook(MuteHook.UNIX);
        Provider provider = provider(Provider.builder().maxConcurrency(1).deliveryConcurrency(2));
        send(provider, mute, 3);
        TestSupport.await().until(() -> this.muteHookReceived.size() == 2);

        CompletableFuture<Integer> completedWhenStopped = CompletableFuture.supplyAsync(() -> {
            assertThat(provider.stop(Duration.ofSeconds(10))).as("stopped with every request answered").isTrue();
            return this.completedOn.size();
        });
        this.muteHookAnswers.countDown();

        assertThat(completedWhenStopped.get(15, TimeUnit.SECONDS)).as("requests completed when stop returned")
                .isEqualTo(3);
        assertThat(Set.copyOf(this.muteHookReceived)).hasSize(3);
        TestSupport.awaitNoThreads("acomm-provider-", Duration.ofSeconds(3));
    }

    @Test
    void deliveryConcurrencyIsPositive() {
        ProviderBuilder builder = Provider.builder();
        assertThatThrownBy(() -> builder.deliveryConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deliveryConcurrency");
    }
}
