package io.acomm;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.acomm.test.LogCapture;
import io.acomm.test.TestSupport;
import io.acomm.transport.UnixTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A provider runs a request once per id within its duplicate window, whichever side of the ack a sender's failure
 * fell: real sockets, the request sent again as a retry would be.
 */
class ProviderIdempotencyTests {

    @RegisterExtension
    final TestSupport.Servers servers = new TestSupport.Servers();

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000);
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final List<String> duplicates = new CopyOnWriteArrayList<>();
    private final List<String> completed = new CopyOnWriteArrayList<>();
    private final List<Provider> providers = new ArrayList<>();
    private TestSupport.Inbox<Response> hook;

    @BeforeEach
    void startHook() throws IOException {
        this.hook = this.servers.responseInbox(this.dir.resolve("hook.sock"));
    }

    @AfterEach
    void stop() {
        this.providers.forEach(provider -> provider.stop(Duration.ofSeconds(1)));
    }

    /** A provider with the task "count", which counts its runs per request id, and a clock the tests move. */
    private Provider provider(ProviderBuilder builder) {
        Provider provider = builder.socketPath(this.dir.resolve("provider.sock")).nanoTime(this.clock::get)
                .task("count", request -> {
                    this.runs.computeIfAbsent(request.id(), id -> new AtomicInteger()).incrementAndGet();
                    return CompletableFuture.completedFuture(Response.success(request, request.id()));
                })
                .addObserver(new ProviderObserver() {
                    @Override
                    public void taskCompleted(Request request, Response response, boolean known, Duration duration) {
                        ProviderIdempotencyTests.this.completed.add(request.id());
                    }

                    @Override
                    public void duplicateIgnored(Request request) {
                        ProviderIdempotencyTests.this.duplicates.add(request.id());
                    }
                })
                .build();
        this.providers.add(provider);
        provider.start();
        return provider;
    }

    private Request request(String id) {
        return Request.builder().id(id).task("count").responseHook(this.hook.listener().url()).build();
    }

    private int runs(String id) {
        AtomicInteger count = this.runs.get(id);
        return count == null ? 0 : count.get();
    }

    /**
     * Sends the request and waits until the provider has nothing in flight: a request the provider runs is counted
     * in flight from before its ack until its response was delivered, so once the send returned and nothing is in
     * flight, whatever the provider does with this request is done.
     */
    private void sendAndSettle(Provider provider, Request request) {
        Sender.defaults().send(provider.url(), request);
        TestSupport.await().until(() -> provider.inFlight() == 0);
    }

    /** Sends the request and waits for its response at the hook. */
    private void sendAndAwaitResponse(Provider provider, Request request) throws InterruptedException {
        Sender.defaults().send(provider.url(), request);
        assertThat(this.hook.next().result(String.class)).isEqualTo(request.id());
        TestSupport.await().until(() -> provider.inFlight() == 0);
    }

    @Test
    void aRequestSentAgainAfterItsAckRunsOnceAndIsAnsweredOnce() throws Exception {
        Provider provider = provider(Provider.builder());
        Request request = request("req-1");
        sendAndAwaitResponse(provider, request);

        sendAndSettle(provider, request);

        assertThat(runs("req-1")).as("runs").isEqualTo(1);
        assertThat(this.duplicates).containsExactly("req-1");
        assertThat(this.completed).as("requests completed").containsExactly("req-1");
        assertThat(this.hook.messages()).as("responses besides the first").isEmpty();
        this.log.assertNoStackTraces();
        assertThat(this.log.warnings()).isEmpty();
    }

    @Test
    void aRequestWhoseAckCouldNotBeWrittenIsNotRunAndItsRetryRunsOnce() throws Exception {
        Provider provider = provider(Provider.builder());
        Request request = request("req-1");

        // the sender cannot read any more: on Linux the provider's ack write fails at once (EPIPE), deterministically
        try (AFUNIXSocket client = TestSupport.connect(this.dir.resolve("provider.sock"))) {
            client.getChannel().shutdownInput();
            client.getOutputStream().write(TestSupport.frame(AcommJson.defaults().encode(request)));
            client.getOutputStream().flush();
            this.log.awaitWarning("ack could not be written");
        }
        TestSupport.await().until(() -> provider.inFlight() == 0);
        assertThat(runs("req-1")).as("runs of the request whose ack failed").isZero();

        sendAndAwaitResponse(provider, request);
        sendAndSettle(provider, request);

        assertThat(runs("req-1")).as("runs").isEqualTo(1);
        assertThat(this.duplicates).as("duplicates: the third send only").containsExactly("req-1");
        assertThat(this.completed).containsExactly("req-1");
        assertThat(this.hook.messages()).isEmpty();
    }

    @Test
    void anIdLeavesTheWindowOnceMaxIdsNewerOnesCame() throws Exception {
        Provider provider = provider(Provider.builder().duplicateWindow(2, Duration.ofMinutes(1)));
        for (String id : List.of("a", "b", "c")) {
            sendAndAwaitResponse(provider, request(id));
        }

        sendAndSettle(provider, request("b"));
        sendAndAwaitResponse(provider, request("a"));

        assertThat(this.duplicates).as("duplicates").containsExactly("b");
        assertThat(runs("a")).as("runs of a, pushed out of the window by b and c").isEqualTo(2);
        assertThat(runs("b")).as("runs of b").isEqualTo(1);
    }

    @Test
    void anIdLeavesTheWindowOnceOlderThanItsDuration() throws Exception {
        Provider provider = provider(Provider.builder().duplicateWindow(10, Duration.ofMinutes(1)));
        sendAndAwaitResponse(provider, request("a"));

        this.clock.addAndGet(Duration.ofSeconds(59).toNanos());
        sendAndSettle(provider, request("a"));
        this.clock.addAndGet(Duration.ofSeconds(1).toNanos());
        sendAndAwaitResponse(provider, request("a"));

        assertThat(this.duplicates).as("duplicates: the send 59 s after the first").containsExactly("a");
        assertThat(runs("a")).as("runs").isEqualTo(2);
    }

    @Test
    void anEmptyWindowRunsEveryRequest() throws Exception {
        Provider provider = provider(Provider.builder().duplicateWindow(0, Duration.ofMinutes(1)));
        Request request = request("req-1");

        sendAndAwaitResponse(provider, request);
        sendAndAwaitResponse(provider, request);

        assertThat(runs("req-1")).isEqualTo(2);
        assertThat(this.duplicates).isEmpty();
    }

    @Test
    void theSameIdOnTwoTaskSocketsRunsOnce() throws Exception {
        Path tasks = this.dir.resolve("tasks");
        Provider provider = Provider.builder().taskSocketDir(tasks)
                .task("one", request -> {
                    this.runs.computeIfAbsent(request.id(), id -> new AtomicInteger()).incrementAndGet();
                    return CompletableFuture.completedFuture(Response.success(request, request.id()));
                })
                .task("two", request -> {
                    this.runs.computeIfAbsent(request.id(), id -> new AtomicInteger()).incrementAndGet();
                    return CompletableFuture.completedFuture(Response.success(request, request.id()));
                })
                .build();
        this.providers.add(provider);
        provider.start();
        Request request = Request.builder().id("req-1").responseHook(this.hook.listener().url()).build();

        Sender.defaults().send(UnixTransport.url(tasks.resolve("one.sock")), request);
        this.hook.next();
        TestSupport.await().until(() -> provider.inFlight() == 0);
        Sender.defaults().send(UnixTransport.url(tasks.resolve("two.sock")), request);
        TestSupport.await().until(() -> provider.inFlight() == 0);

        assertThat(runs("req-1")).isEqualTo(1);
        assertThat(this.hook.messages()).isEmpty();
    }

    @Test
    void theWindowsBoundsAreChecked() {
        ProviderBuilder builder = Provider.builder();
        assertThatThrownBy(() -> builder.duplicateWindow(-1, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxIds");
        assertThatThrownBy(() -> builder.duplicateWindow(10, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> builder.duplicateWindow(10, null)).isInstanceOf(NullPointerException.class);
    }
}
