package io.acomm;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.acomm.internal.provider.RecentRequestIds;
import io.acomm.internal.provider.TaskDispatcher;
import io.acomm.internal.provider.TaskObservations;
import io.acomm.internal.server.FrameReceiver;
import io.acomm.internal.server.UnixListener;
import io.acomm.transport.UnixTransport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of acomm: listens for requests on a Unix socket (and, optionally, on one socket per task named
 * {@code <task>.sock}, the layout Go deployments use), acks each one, runs its task on a bounded pool, and sends the
 * response to the request's hook.
 * <p>
 * Tasks and deliveries are bounded apart: at most {@code maxConcurrency} tasks run at once, and a task gives its turn
 * up as soon as it has produced its response; at most {@code deliveryConcurrency} responses are being delivered at
 * once, and further ones wait in a queue. A hook that is slow to ack, or never does, holds up deliveries only: other
 * tasks keep running, and responses to other hooks keep going out while delivery slots are left.
 * <p>
 * Undecodable input and requests without an id or hook get an error ack. A request for a task the provider does not
 * serve is acked and then answered with the error {@code unknown task: <name>}. A response that cannot be delivered
 * is logged with the request's id, task and hook. Thread-safe.
 * <p>
 * <b>Observations</b> ({@link io.acomm.observation}): with an {@link EndpointBuilder#observationRegistry
 * ObservationRegistry}, each task is observed from its start to its response's delivery, and runs within that
 * observation, which continues the trace of the request's caller when the request carries one.
 * <p>
 * <b>Threads.</b> Each socket has a listener whose threads ({@code acomm-provider-N}, {@code maxConcurrency} and 4
 * spare) accept the connections. The listener thread that read a request (that accepting thread, or a listener
 * worker {@code acomm-provider-worker-N} for a frame that arrived slowly) decodes it and writes its ack. After the
 * ack, that same thread runs the task when a task slot is free, sparing a hand-off; otherwise the task waits, in
 * arrival order, for a thread of the task pool ({@code acomm-provider-task-N}). The listener thread that ran a task
 * whose response is ready at once also delivers the response when a delivery slot is free; every other response
 * (from the task pool, a full delivery pool, or a task that completes its future later on a thread of its own) is
 * delivered by the delivery pool ({@code acomm-provider-delivery-N}). The spare listener threads are never taken by
 * tasks or deliveries, so new requests are always acked at once.
 * <p>
 * <b>Lifecycle</b>, the same as every acomm endpoint's: {@link #start()} once, then {@link #isRunning()} until
 * {@link #stop(Duration)}, which ends the provider for good. {@code stop} answers {@code true} when everything in
 * flight finished within the timeout, and {@code false} when something was cut off; either way it logs one line
 * (INFO, or WARN when something was cut off); stopping a provider that is not running does nothing and answers
 * {@code true}. {@link #close()} stops with {@link #DEFAULT_STOP_TIMEOUT}.
 * <p>
 * <b>Retries and idempotency.</b> A request is run at most once per id: the provider remembers the ids it accepted
 * within a window (by default the last {@value #DEFAULT_DUPLICATE_WINDOW_IDS} ids, for at most 5 minutes; see
 * {@link ProviderBuilder#duplicateWindow(int, Duration)}), and a request whose id it accepted before is acked again
 * but not run again, nor answered again. An id is remembered from the moment its request is received, before the
 * ack; if the ack cannot be written the request is not run and its id is forgotten again (unless another copy of it
 * was acked), because its sender saw a failure and will send it again. So a sender may always retry a request whose
 * send failed, whichever side of the ack the failure fell: the task runs once and the response is delivered once. A
 * retry that comes after the window has let its id go (more than the window's size of ids later, or after its
 * duration) runs the task again.
 */
public final class Provider implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(Provider.class);

    /** Listener threads beyond those that may be running tasks, so that new requests are always acked at once. */
    private static final int SPARE_LISTENER_THREADS = 4;

    /** The least number of deliveries that run at once by default; the default is this or maxConcurrency. */
    private static final int DEFAULT_MIN_DELIVERY_CONCURRENCY = 4;

    /** How many request ids the duplicate window holds by default. */
    public static final int DEFAULT_DUPLICATE_WINDOW_IDS = 10_000;

    /** How long the duplicate window holds a request id by default: 5 minutes. */
    public static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofMinutes(5);

    /** How long {@link #close()} waits for the requests in flight: 30 seconds. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final @Nullable Path socketPath;
    private final @Nullable Path taskSocketDir;
    private final Map<String, TaskHandler> tasks;
    private final int maxConcurrency;
    private final Sender sender;
    private final FrameCodec codec;
    private final Set<PosixFilePermission> socketPermissions;
    private final PeerFilter peerFilter;
    private final int backlog;
    private final int maxConnections;
    private final long readBudget;
    private final TaskDispatcher dispatcher;

    private final Object lifecycleMonitor = new Object();
    private final List<UnixListener> listeners = new ArrayList<>();
    private boolean started;

    Provider(ProviderBuilder builder) {
        this.socketPath = builder.socketPath;
        this.taskSocketDir = builder.taskSocketDir;
        this.tasks = Map.copyOf(builder.tasks);
        this.maxConcurrency = builder.maxConcurrency;
        this.sender = builder.sender();
        this.codec = builder.codec;
        this.socketPermissions = builder.socketPermissions;
        this.peerFilter = builder.peerFilter;
        this.backlog = builder.backlog;
        this.maxConnections = builder.maxConnections;
        this.readBudget = builder.readBudget;
        int deliveryConcurrency = builder.deliveryConcurrency > 0 ? builder.deliveryConcurrency
                : Math.max(DEFAULT_MIN_DELIVERY_CONCURRENCY, builder.maxConcurrency);
        RecentRequestIds recentIds = new RecentRequestIds(builder.duplicateWindowIds, builder.duplicateWindow,
                builder.nanoTime);
        TaskObservations observations = new TaskObservations(builder.observationRegistry, builder.tracePropagation,
                builder.taskObservationConvention);
        this.dispatcher = new TaskDispatcher(this.tasks, builder.fallbackHandler, builder.observers, this.sender,
                observations, recentIds, builder.maxConcurrency, deliveryConcurrency);
    }

    /**
     * @return a builder with no socket and no task yet
     */
    public static ProviderBuilder builder() {
        return new ProviderBuilder();
    }

    /**
     * @return the names of the tasks served
     */
    public Set<String> tasks() {
        return this.tasks.keySet();
    }

    /**
     * @return the URL of the main socket, or {@code null} when the provider only has per-task sockets
     */
    public @Nullable URI url() {
        return this.socketPath == null ? null : UnixTransport.url(this.socketPath);
    }

    /**
     * @return the paths of every socket the provider listens on: the main one first, then one per task
     */
    public List<Path> socketPaths() {
        List<Path> paths = new ArrayList<>();
        if (this.socketPath != null) {
            paths.add(this.socketPath.toAbsolutePath());
        }
        if (this.taskSocketDir != null) {
            this.tasks.keySet().stream().sorted()
                    .forEach(task -> paths.add(this.taskSocketDir.resolve(task + ".sock").toAbsolutePath()));
        }
        return paths;
    }

    /**
     * @return whether the provider listens for requests
     */
    public boolean isRunning() {
        synchronized (this.lifecycleMonitor) {
            return this.started && !this.listeners.isEmpty();
        }
    }

    /**
     * @return the {@link Error} (such as an {@link OutOfMemoryError}) one of the provider's listeners met while
     *     serving a request, until that listener next serves one; {@code null} while all are healthy
     */
    public @Nullable Throwable listenerFailure() {
        synchronized (this.lifecycleMonitor) {
            for (UnixListener listener : this.listeners) {
                Throwable failure = listener.unhealthyCause();
                if (failure != null) {
                    return failure;
                }
            }
            return null;
        }
    }

    /**
     * @return how many connections to the provider's sockets were closed at once because the maximum was open,
     *     while it runs
     */
    public long refusedConnections() {
        synchronized (this.lifecycleMonitor) {
            return this.listeners.stream().mapToLong(UnixListener::refusedConnections).sum();
        }
    }

    /**
     * @return how many requests are being run or delivered
     */
    public int inFlight() {
        return this.dispatcher.inFlight();
    }

    /**
     * Binds every socket and starts serving.
     * @throws AcommException if a socket cannot be bound; the sockets bound before are closed again
     * @throws IllegalStateException if the provider was started before
     */
    public void start() {
        synchronized (this.lifecycleMonitor) {
            if (this.started) {
                throw new IllegalStateException("provider was already started");
            }
            this.started = true;
            this.dispatcher.start();
            try {
                if (this.socketPath != null) {
                    listen(this.socketPath, null);
                }
                if (this.taskSocketDir != null) {
                    for (String task : this.tasks.keySet()) {
                        listen(this.taskSocketDir.resolve(task + ".sock"), task);
                    }
                }
            }
            catch (IOException ex) {
                this.listeners.forEach(listener -> listener.stop(Duration.ZERO));
                this.listeners.clear();
                this.dispatcher.abort();
                throw new AcommException("cannot start provider: " + ex.getMessage(), ex);
            }
        }
    }

    private void listen(Path path, @Nullable String socketTask) throws IOException {
        UnixListener listener = UnixListener.builder(path)
                .name("provider")
                .permissions(this.socketPermissions)
                .maxConcurrency(this.maxConcurrency + SPARE_LISTENER_THREADS)
                .backlog(this.backlog)
                .maxConnections(this.maxConnections)
                .readBudget(this.readBudget)
                .peerFilter(this.peerFilter)
                .build();
        // the receiver runs the work on the listener thread once the ack is written: see TaskDispatcher
        listener.start(FrameReceiver.forRequests(this.codec, this.sender.json(),
                request -> this.dispatcher.receive(request, path, socketTask)));
        this.listeners.add(listener);
    }

    /**
     * Stops the provider: refuses new connections at once and deletes the socket files, then waits up to the
     * timeout for the requests in flight to be answered. Stopping a provider that is not running does nothing.
     * @param timeout how long to wait for requests in flight
     * @return {@code true} when every request in flight was answered in time, {@code false} when some were cut off.
     *     One line says how many requests in flight finished while stopping and how many were cut off: at INFO,
     *     or at WARN when some were cut off.
     */
    public boolean stop(Duration timeout) {
        List<UnixListener> running;
        synchronized (this.lifecycleMonitor) {
            running = new ArrayList<>(this.listeners);
            this.listeners.clear();
        }
        if (running.isEmpty()) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        running.forEach(UnixListener::stopAccepting);
        long finishedBefore = this.dispatcher.finishedCount();
        boolean answered = this.dispatcher.awaitIdle(deadline);
        int unanswered = this.dispatcher.inFlight();
        long finished = this.dispatcher.finishedCount() - finishedBefore;
        if (!answered) {
            // before the listeners stop: tasks running on their threads are cut off too
            this.dispatcher.abort();
        }
        boolean served = answered;
        for (UnixListener listener : running) {
            served &= listener.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        List<Path> paths = running.stream().map(UnixListener::socketPath).toList();
        if (answered) {
            logger.info("acomm provider on {} stopped: {} request(s) in flight finished, 0 cut off", paths, finished);
        }
        else {
            logger.warn("acomm provider on {} stopped: {} request(s) in flight finished, {} cut off after {}", paths,
                    finished, unanswered, timeout);
        }
        this.dispatcher.stop(!answered, deadline);
        return served;
    }

    /**
     * Stops with {@link #DEFAULT_STOP_TIMEOUT}, the bounded wait of {@link #stop(Duration)}.
     */
    @Override
    public void close() {
        stop(DEFAULT_STOP_TIMEOUT);
    }

    @Override
    public String toString() {
        return "Provider" + socketPaths() + this.tasks.keySet();
    }
}
