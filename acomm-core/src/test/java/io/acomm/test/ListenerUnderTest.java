package io.acomm.test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.acomm.AcommJson;
import io.acomm.FrameCodec;
import io.acomm.PeerFilter;
import io.acomm.Provider;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Tracker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracker or a provider listening on a real socket in a test directory, with what the hostile-input, fuzz and
 * security tests need to know about it: how to make a valid message that it will process, and how many messages it
 * really processed. Close it after the test.
 */
public abstract class ListenerUnderTest implements AutoCloseable {

    /** The read timeout of the listeners under test: short, so that silent peers are timed out quickly. */
    public static final Duration READ_TIMEOUT = Duration.ofMillis(300);

    private final AtomicInteger validSent = new AtomicInteger();

    /** The default maximum frame size and the short read timeout. */
    public static FrameCodec codec() {
        return new FrameCodec(FrameCodec.DEFAULT_MAX_FRAME_SIZE, READ_TIMEOUT);
    }

    /**
     * The two kinds of listener, for the tests that hold for both alike: {@code @EnumSource(Kind.class)}.
     */
    public enum Kind {
        TRACKER, PROVIDER;

        public ListenerUnderTest start(Path dir, PeerFilter peerFilter) throws IOException {
            return this == TRACKER ? tracker(dir, peerFilter) : provider(dir, peerFilter);
        }

        /** The socket path that the listener started in the directory takes. */
        public Path socket(Path dir) {
            return dir.resolve(this + ".sock");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static TrackerTarget tracker(Path dir, PeerFilter peerFilter) {
        return new TrackerTarget(dir, peerFilter);
    }

    public static ProviderTarget provider(Path dir, PeerFilter peerFilter) throws IOException {
        return new ProviderTarget(dir, peerFilter);
    }

    /** {@code tracker} or {@code provider}, the name in the listener's thread names. */
    public abstract String name();

    public abstract Path socket();

    /** What the listener decodes: {@code request} or {@code response}, as in its error acks. */
    public abstract String kind();

    /** A new id that a valid message may carry: for a tracker, the id of a newly tracked request. */
    public String newId() {
        return newId(UUID.randomUUID().toString());
    }

    /** Makes the id one that a valid message may carry (a tracker tracks a request with it) and returns it. */
    public abstract String newId(String id);

    /** A valid message with that id, which the listener acks and processes. */
    public abstract byte[] validMessage(String id);

    public abstract boolean wasProcessed(String id);

    /** How many messages were processed: callbacks run by the tracker, tasks run by the provider. */
    public abstract int processed();

    /** The prefix of the listener's worker threads and of every other thread it owns. */
    public String threadPrefix() {
        return "acomm-" + name() + "-";
    }

    /** How many worker threads the listener has, each serving one connection at a time. */
    public int listenerThreads() {
        return TestSupport.listenerWorkers(name()).size();
    }

    /**
     * Sends a valid message with a new id and checks that it is acked and processed.
     */
    public void sendValid() throws IOException {
        sendValid(newId());
    }

    public void sendValid(String id) throws IOException {
        Response ack = TestSupport.exchangeFrame(socket(), validMessage(id));
        assertThat(ack.error()).as("ack of a valid %s to the %s", kind(), name()).isNull();
        this.validSent.incrementAndGet();
        TestSupport.await().until(() -> wasProcessed(id));
    }

    /**
     * Checks that the listener still serves a valid message, and that no message but the valid ones (and those
     * {@linkplain #expectProcessed() expected}) was processed so far.
     */
    public void assertServes() throws IOException {
        assertServes(newId());
    }

    public void assertServes(String id) throws IOException {
        sendValid(id);
        assertThat(processed()).as("messages the %s processed: only the valid ones", name())
                .isEqualTo(this.validSent.get());
    }

    /** Stops the listener and whatever it needed. */
    @Override
    public abstract void close();

    /** Counts one more message that the test expects to be processed though it was not sent by sendValid. */
    public void expectProcessed() {
        this.validSent.incrementAndGet();
    }

    /**
     * A tracker whose requests have no callbacks, so that every response runs its fallback callback, which counts.
     */
    public static final class TrackerTarget extends ListenerUnderTest {

        private final Tracker tracker;
        private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

        public TrackerTarget(Path dir, PeerFilter peerFilter) {
            this.tracker = Tracker.builder().socketPath(Kind.TRACKER.socket(dir)).codec(codec())
                    .listenerConcurrency(2).peerFilter(peerFilter)
                    .fallbackCallback((request, response) -> this.handled
                            .computeIfAbsent(request.id(), id -> new AtomicInteger()).incrementAndGet())
                    .build();
            this.tracker.startListener();
        }

        public Tracker tracker() {
            return this.tracker;
        }

        @Override
        public String name() {
            return "tracker";
        }

        @Override
        public Path socket() {
            return this.tracker.addr();
        }

        @Override
        public String kind() {
            return "response";
        }

        @Override
        public String newId(String id) {
            this.tracker.trackRequest(Request.builder().id(id).responseHook(this.tracker.url()).build());
            return id;
        }

        @Override
        public byte[] validMessage(String id) {
            return AcommJson.defaults().encode(Response.success(Request.builder().id(id).build(), "ok"));
        }

        @Override
        public boolean wasProcessed(String id) {
            return this.handled.containsKey(id);
        }

        public int handledCount(String id) {
            AtomicInteger count = this.handled.get(id);
            return count == null ? 0 : count.get();
        }

        @Override
        public int processed() {
            return this.handled.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        @Override
        public void close() {
            TestTrackers.stopQuietly(this.tracker);
        }
    }

    /**
     * A provider with an {@code echo} task that counts its runs; its valid requests name a hook that collects the
     * responses.
     */
    public static final class ProviderTarget extends ListenerUnderTest {

        private final TestSupport.Servers servers = new TestSupport.Servers();
        private final TestSupport.Inbox<Response> hook;
        private final Set<String> answered = ConcurrentHashMap.newKeySet();
        private final AtomicInteger runs = new AtomicInteger();
        private final Provider provider;

        public ProviderTarget(Path dir, PeerFilter peerFilter) throws IOException {
            this.hook = this.servers.responseInbox(dir.resolve("hook.sock"));
            this.provider = Provider.builder().socketPath(Kind.PROVIDER.socket(dir)).codec(codec())
                    .maxConcurrency(2).peerFilter(peerFilter)
                    .task("echo", request -> {
                        this.runs.incrementAndGet();
                        return CompletableFuture.completedFuture(Response.success(request, request.rawArgs()));
                    })
                    .build();
            this.provider.start();
        }

        public Provider provider() {
            return this.provider;
        }

        /** The hook that collects the responses of valid requests. */
        public TestSupport.Inbox<Response> hook() {
            return this.hook;
        }

        @Override
        public String name() {
            return "provider";
        }

        @Override
        public Path socket() {
            return this.provider.socketPaths().get(0);
        }

        @Override
        public String kind() {
            return "request";
        }

        @Override
        public String newId(String id) {
            return id;
        }

        @Override
        public byte[] validMessage(String id) {
            return AcommJson.defaults().encode(Request.builder().id(id).task("echo").responseHook(this.hook.listener()
                    .url()).args(id).build());
        }

        @Override
        public boolean wasProcessed(String id) {
            Response response;
            while ((response = this.hook.messages().poll()) != null) {
                this.answered.add(response.id());
            }
            return this.answered.contains(id);
        }

        @Override
        public int processed() {
            return this.runs.get();
        }

        @Override
        public void close() {
            this.provider.stop(Duration.ofSeconds(1));
            this.servers.stopAll();
        }
    }
}
