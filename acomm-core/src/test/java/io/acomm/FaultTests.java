package io.acomm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import io.acomm.test.ListenerUnderTest;
import io.acomm.test.LogCapture;
import io.acomm.test.TestHttpServer;
import io.acomm.test.TestSupport;
import io.acomm.test.TestTrackers;
import io.acomm.transport.UnixTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Faults around the listeners: destinations that cannot be reached or hang up, providers that die mid-task,
 * stopping under load, a stale socket file left by a crash, and two listeners configured with one path.
 */
class FaultTests {

    @RegisterExtension
    final TestSupport.Servers servers = new TestSupport.Servers();

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @TempDir
    Path dir;

    private final List<Tracker> trackers = new ArrayList<>();
    private final List<Provider> providers = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        this.providers.forEach(provider -> provider.stop(Duration.ofSeconds(1)));
        this.trackers.forEach(TestTrackers::stopQuietly);
        for (AutoCloseable closeable : this.closeables) {
            closeable.close();
        }
    }

    private Tracker tracker(String name) {
        Tracker tracker = Tracker.builder().socketPath(this.dir.resolve(name)).build();
        this.trackers.add(tracker);
        tracker.startListener();
        return tracker;
    }

    private Provider started(ProviderBuilder builder) {
        Provider provider = builder.build();
        this.providers.add(provider);
        provider.start();
        return provider;
    }

    private Provider echoProvider(String name) {
        return started(Provider.builder().socketPath(this.dir.resolve(name)).task("echo",
                request -> CompletableFuture.completedFuture(Response.success(request, request.rawArgs()))));
    }

    private static Response call(Tracker tracker, URI destination, String task, Object args) throws Exception {
        return tracker.send(destination, Request.builder().task(task).args(args).build(), Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS);
    }

    // ---- unreachable destinations ----

    /** Hooks that cannot take a message, each with what the failure says besides the URL. */
    enum Unreachable {
        MISSING_SOCKET("no socket at"),
        REFUSED_HTTP_PORT("ConnectException"),
        HTTP_500("HTTP 500");

        final String reason;

        Unreachable(String reason) {
            this.reason = reason;
        }
    }

    private URI url(Unreachable hook) throws IOException {
        return switch (hook) {
            case MISSING_SOCKET -> UnixTransport.url(this.dir.resolve("missing.sock"));
            case REFUSED_HTTP_PORT -> {
                int port;
                try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = probe.getLocalPort();
                }
                yield URI.create("http://127.0.0.1:" + port + "/hook");
            }
            case HTTP_500 -> {
                TestHttpServer server = TestHttpServer.start().route("/broken",
                        exchange -> TestHttpServer.reply(exchange, 500, TestSupport.utf8("oops")));
                this.closeables.add(server);
                yield server.url("/broken");
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Unreachable.class)
    void aResponseToAnUnreachableHookFailsNamingTheUrl(Unreachable hook) throws IOException {
        URI url = url(hook);
        Response response = Response.success(Request.builder().build(), "lost");

        assertThatThrownBy(() -> Sender.defaults().send(url, response)).isInstanceOf(SendException.class)
                .hasMessageContaining(url.toString()).hasMessageContaining(hook.reason)
                .satisfies(ex -> assertThat(((SendException) ex).destination()).isEqualTo(url));
    }

    @ParameterizedTest
    @EnumSource(Unreachable.class)
    void aTrackedRequestWhoseSendFailedIsUntracked(Unreachable hook) throws Exception {
        URI url = url(hook);
        AtomicInteger callbacks = new AtomicInteger();
        Tracker tracker = Tracker.builder().socketPath(this.dir.resolve("tracker.sock"))
                .fallbackCallback((request, response) -> callbacks.incrementAndGet()).build();
        this.trackers.add(tracker);
        tracker.startListener();

        // a timeout far longer than a failing send, so that the send fails first even on a loaded machine
        Duration timeout = Duration.ofSeconds(1);
        CompletableFuture<Response> future = tracker.send(url, Request.builder().task("t").build(), timeout);
        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(SendException.class).hasMessageContaining(url.toString());
        assertThatThrownBy(() -> tracker.trackAndSend(url, Request.builder().task("t").build(), timeout))
                .isInstanceOf(SendException.class).hasMessageContaining(url.toString());
        assertThat(tracker.numRequests()).as("requests still tracked").isZero();

        // a request tracked afterwards times out after the deadlines of the two above have passed
        CompletableFuture<Response> later = new CompletableFuture<>();
        tracker.trackRequest(Request.builder().task("t").responseHook(tracker.url()).build()
                .withCallbacks((request, response) -> later.complete(response),
                        (request, response) -> later.complete(response)), timeout);
        assertThat(later.get(5, TimeUnit.SECONDS).error()).isEqualTo(Tracker.TIMEOUT_ERROR);
        assertThat(callbacks).as("callbacks run, timeouts included").hasValue(0);
    }

    @Test
    void aRequestToAnUnknownSchemeIsUntrackedToo() {
        Tracker tracker = tracker("tracker.sock");
        URI url = URI.create("ftp://host/provider");

        assertThatThrownBy(() -> tracker.trackAndSend(url, Request.builder().task("t").build(), null))
                .isInstanceOf(SendException.class).hasMessageContaining(url.toString())
                .hasMessageContaining("unknown url type: ftp");
        assertThat(tracker.numRequests()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Unreachable.class)
    void aProviderLogsAResponseItCannotDeliverAndKeepsServing(Unreachable hook) throws Exception {
        URI url = url(hook);
        Provider provider = echoProvider("provider.sock");
        Tracker tracker = tracker("tracker.sock");
        Request request = Request.builder().task("echo").responseHook(url).build();

        Sender.defaults().send(provider.url(), request);

        this.log.awaitWarning("could not be delivered");
        assertThat(this.log.warnings()).singleElement().asString().contains("request " + request.id(),
                "task 'echo'", "delivered to " + url, hook.reason);
        this.log.assertNoStackTraces();
        assertThat(call(tracker, provider.url(), "echo", "still here").result(String.class)).isEqualTo("still here");
    }

    // ---- peers that hang up ----

    @Test
    void aPeerThatClosesBeforeTheAckFailsTheSend() throws Exception {
        Path readsThenCloses = this.dir.resolve("reads-then-closes.sock");
        Path closesAtOnce = this.dir.resolve("closes-at-once.sock");
        this.servers.start(readsThenCloses, socket -> FrameCodec.defaults().readFrame(socket));
        this.servers.start(closesAtOnce, socket -> {
        });
        Tracker tracker = tracker("tracker.sock");

        for (Path peer : List.of(readsThenCloses, closesAtOnce)) {
            URI url = UnixTransport.url(peer);
            assertThatThrownBy(() -> Sender.defaults().send(url, Request.create("t", tracker.url().toString(), null)))
                    .as("send to %s", peer).isInstanceOf(SendException.class).hasMessageContaining(url.toString());
            CompletableFuture<Response> future = tracker.send(url, Request.builder().task("t").build());
            assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(SendException.class).hasMessageContaining(url.toString());
        }
        assertThat(tracker.numRequests()).isZero();
    }

    @Test
    void aProviderThatAcksAndDiesLeavesTheCallerWithATimeout() throws Exception {
        TestSupport.Inbox<Request> dying = this.servers.requestInbox(this.dir.resolve("dying.sock"));
        Tracker tracker = tracker("tracker.sock");

        long start = System.nanoTime();
        CompletableFuture<Response> future = tracker.send(dying.listener().url(), Request.builder().task("t").build(),
                Duration.ofMillis(200));
        dying.next();
        dying.listener().stop(Duration.ZERO);

        Response response = future.get(5, TimeUnit.SECONDS);
        assertThat(response.error()).isEqualTo(Tracker.TIMEOUT_ERROR);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(tracker.numRequests()).isZero();
    }

    /**
     * A provider whose task hangs, ignoring interrupts, and which is then stopped, as good as dead: the caller
     * gets its timeout. When the task finally finishes, its late response is refused and the caller's outcome stays
     * the timeout.
     */
    @Test
    void aProviderStoppedWhileItsTaskHangsLeavesTheCallerWithATimeout() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Semaphore release = new Semaphore(0);
        Provider provider = started(Provider.builder().socketPath(this.dir.resolve("provider.sock"))
                .task("hang", request -> {
                    started.countDown();
                    release.acquireUninterruptibly();
                    return CompletableFuture.completedFuture(Response.success(request, "too late"));
                }));
        AtomicInteger outcomes = new AtomicInteger();
        Tracker tracker = Tracker.builder().socketPath(this.dir.resolve("tracker.sock"))
                .addObserver((request, response, outcome, latency) -> outcomes.incrementAndGet()).build();
        this.trackers.add(tracker);
        tracker.startListener();

        long start = System.nanoTime();
        Request request = Request.builder().task("hang").build();
        CompletableFuture<Response> future = tracker.send(provider.url(), request, Duration.ofMillis(300));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> provider.stop(Duration.ofMillis(50)));

        Response response = future.get(5, TimeUnit.SECONDS);
        assertThat(response.error()).isEqualTo(Tracker.TIMEOUT_ERROR);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(stopped.get(10, TimeUnit.SECONDS)).as("stopped with every request answered").isFalse();

        release.release();
        this.log.awaitWarning("no tracked request: " + request.id());
        TestSupport.await().until(() -> provider.inFlight() == 0);
        assertThat(outcomes).as("outcomes of the request").hasValue(1);
        assertThat(tracker.numRequests()).isZero();
    }

    // ---- stopping under load ----

    /**
     * Senders keep sending requests to a provider with slow tasks while it stops: each request it acked is
     * answered, each one after the stop is refused at once, the socket file is gone, and once the tracker has
     * stopped too, no thread of ours remains.
     */
    @Test
    void aProviderStoppedUnderLoadFinishesWhatItAckedAndRefusesTheRest() throws Exception {
        Provider provider = started(Provider.builder().socketPath(this.dir.resolve("provider.sock")).maxConcurrency(4)
                .task("slow", request -> {
                    // the task's work: it takes a while, so that requests are in flight when the stop begins
                    Thread.sleep(20);
                    return CompletableFuture.completedFuture(Response.success(request, "done"));
                }));
        Tracker tracker = tracker("tracker.sock");
        AtomicInteger acked = new AtomicInteger();
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicInteger failedBeforeStop = new AtomicInteger();
        List<CompletableFuture<Response>> responses = new CopyOnWriteArrayList<>();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread sender = new Thread(() -> {
                // until a send is refused after the stop began
                while (true) {
                    CompletableFuture<Response> response = tracker.send(provider.url(),
                            Request.builder().task("slow").build(), Duration.ofSeconds(20));
                    responses.add(response);
                    if (!response.isCompletedExceptionally()) {
                        acked.incrementAndGet();
                    }
                    else if (stopping.get()) {
                        return;
                    }
                    else {
                        failedBeforeStop.incrementAndGet();
                    }
                }
            }, "test-sender-" + i);
            senders.add(sender);
            sender.start();
        }
        TestSupport.await().until(() -> acked.get() >= 40);

        stopping.set(true);
        assertThat(provider.stop(Duration.ofSeconds(20))).as("every acked request answered in time").isTrue();
        for (Thread sender : senders) {
            sender.join(5000);
            assertThat(sender.isAlive()).isFalse();
        }

        assertThat(this.dir.resolve("provider.sock")).as("socket file").doesNotExist();
        assertThatThrownBy(() -> AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(this.dir.resolve("provider.sock"))))
                .isInstanceOf(SocketException.class);
        int answered = 0;
        int refused = 0;
        for (CompletableFuture<Response> response : responses) {
            try {
                assertThat(response.get(10, TimeUnit.SECONDS).result(String.class)).isEqualTo("done");
                answered++;
            }
            catch (ExecutionException ex) {
                assertThat(ex.getCause()).isInstanceOf(SendException.class);
                refused++;
            }
        }
        assertThat(failedBeforeStop).as("sends that failed before the stop").hasValue(0);
        assertThat(answered).as("requests answered").isEqualTo(acked.get());
        assertThat(refused).as("requests refused after the stop").isPositive();
        assertThat(tracker.numRequests()).isZero();

        tracker.stopListener(Duration.ofSeconds(5));
        TestSupport.awaitNoThreads("acomm-", Duration.ofSeconds(3));
        this.log.assertNoStackTraces();
    }

    /**
     * Senders answer tracked requests while the tracker stops: the stop waits for every tracked request to be
     * answered, each exactly once, then the socket file is gone and no thread of ours remains.
     */
    @Test
    void aTrackerStoppedUnderLoadHandlesEveryTrackedResponseFirst() throws Exception {
        int count = 5_000;
        AtomicIntegerArray handled = new AtomicIntegerArray(count);
        Tracker tracker = Tracker.builder().socketPath(this.dir.resolve("tracker.sock"))
                .fallbackCallback((request, response) -> handled.incrementAndGet(Integer.parseInt(request.task())))
                .build();
        this.trackers.add(tracker);
        tracker.startListener();
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Request request = Request.create(String.valueOf(i), tracker.url().toString(), null);
            tracker.trackRequest(request);
            requests.add(request);
        }
        AtomicInteger sent = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int first = t;
            Thread sender = new Thread(() -> {
                for (int i = first; i < count; i += 4) {
                    Sender.defaults().send(tracker.url(), Response.success(requests.get(i), null));
                    sent.incrementAndGet();
                }
            }, "test-sender-" + t);
            senders.add(sender);
            sender.start();
        }
        TestSupport.await().until(() -> sent.get() >= count / 10);

        tracker.stopListener(Duration.ofSeconds(30));

        // a sender counts its response once it has read the ack, which may be just after the stop returned
        for (Thread sender : senders) {
            sender.join(5000);
        }
        assertThat(sent).as("responses sent and acked").hasValue(count);
        for (int i = 0; i < count; i++) {
            assertThat(handled.get(i)).as("times response %s was handled", i).isEqualTo(1);
        }
        assertThat(tracker.addr()).as("socket file").doesNotExist();
        assertThatThrownBy(() -> Sender.defaults().send(tracker.url(), Response.success(requests.get(0), null)))
                .isInstanceOf(SendException.class).hasMessageContaining("no socket at");
        TestSupport.awaitNoThreads("acomm-", Duration.ofSeconds(3));
        this.log.assertNoStackTraces();
    }

    // ---- the socket path ----

    private void leaveStaleSocketFile(Path path) throws IOException {
        try (AFUNIXServerSocket crashed = AFUNIXServerSocket.newInstance()) {
            crashed.setDeleteOnClose(false);
            crashed.bind(AFUNIXSocketAddress.of(path));
        }
        assertThat(path).as("stale socket file").exists();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ListenerUnderTest.Kind.class)
    void aListenerStartsAfterACrashLeftAStaleSocketFile(ListenerUnderTest.Kind kind) throws Exception {
        leaveStaleSocketFile(kind.socket(this.dir));
        try (ListenerUnderTest target = kind.start(this.dir, PeerFilter.currentUserAndRoot())) {
            target.assertServes();
        }
    }

    /**
     * Whichever kind of listener holds a socket path, neither a tracker nor a provider can start on it: each fails
     * naming the path, leaves no thread behind, and the first keeps its socket file and serves.
     */
    @ParameterizedTest(name = "{0} first")
    @EnumSource(ListenerUnderTest.Kind.class)
    void aSecondListenerOnTheSameSocketPathFailsClearlyAndLeavesTheFirstServing(ListenerUnderTest.Kind first)
            throws Exception {
        try (ListenerUnderTest target = first.start(this.dir, PeerFilter.currentUserAndRoot())) {
            Path path = target.socket();
            long threadsBefore = TestSupport.liveThreadCount("acomm-");
            Tracker tracker = Tracker.builder().socketPath(path).build();
            Provider provider = Provider.builder().socketPath(path).task("t", request -> null).build();

            assertThatThrownBy(tracker::startListener).isInstanceOf(AcommException.class)
                    .hasMessageContaining("cannot start tracker").hasMessageContaining(path.toString())
                    .hasMessageContaining("another listener is already active");
            assertThatThrownBy(provider::start).isInstanceOf(AcommException.class)
                    .hasMessageContaining("cannot start provider").hasMessageContaining(path.toString())
                    .hasMessageContaining("another listener is already active");

            assertThat(tracker.isListening()).isFalse();
            assertThat(provider.isRunning()).isFalse();
            assertThat(TestSupport.liveThreadCount("acomm-")).as("threads of ours, left by the failed starts")
                    .isLessThanOrEqualTo(threadsBefore);
            assertThat(path).as("the first %s's socket file", first).exists();
            target.assertServes();
        }
    }
}
