package io.acomm.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.acomm.AcommException;
import io.acomm.Provider;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.TaskHandler;
import io.acomm.transport.UnixTransport;

/**
 * A real {@link Provider} on a Unix socket that answers each task the way a test tells it to
 * ({@link #onTask(String)}) and records every request it receives, for tests of code that calls acomm providers.
 * <pre>{@code
 * try (StubProvider stub = StubProvider.start(dir.resolve("vmd.sock"))) {
 *     stub.onTask("vm.create").respond(Map.of("id", "vm-1"));
 *     stub.onTask("vm.delete").delayedBy(Duration.ofMillis(200)).fail("no such vm");
 *     ... // the code under test sends to stub.url()
 *     Request create = stub.awaitRequest("vm.create", Duration.ofSeconds(5));
 *     assertThat(create.args(VmSpec.class).cpus()).isEqualTo(2);
 * }
 * }</pre>
 * A request for a task without an answer (yet) is recorded and answered as any provider answers it,
 * {@code unknown task: <task>}. Answers can be given, replaced and {@link #reset()} at any time, while the provider
 * keeps serving on its socket. Thread-safe.
 */
public final class StubProvider implements AutoCloseable {

    /** How long {@link #close()} waits for answers in flight. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private static final TaskHandler UNKNOWN_TASK = TaskHandler.unknownTask();

    private final Path socketPath;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<Response>> delayed = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor delays;
    private final Object lifecycleMonitor = new Object();
    private final Object requestsMonitor = new Object();
    private final List<Request> received = new ArrayList<>();
    private final Provider provider;
    private boolean closed;

    private StubProvider(Path socketPath) {
        this.socketPath = socketPath.toAbsolutePath();
        // no thread until the first delayed answer
        this.delays = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "acomm-stub-delays");
            thread.setDaemon(true);
            return thread;
        });
        this.delays.setRemoveOnCancelPolicy(true);
        this.provider = Provider.builder().socketPath(this.socketPath).fallbackHandler(this::handle).build();
        this.provider.start();
    }

    /**
     * Starts a stub provider that serves no task yet.
     * @param socketPath its socket (keep it short: Unix socket paths are limited to 107 bytes)
     * @return the running stub provider
     * @throws AcommException if the socket cannot be bound
     */
    public static StubProvider start(Path socketPath) {
        return new StubProvider(socketPath);
    }

    /**
     * @return the absolute path of the socket
     */
    public Path socketPath() {
        return this.socketPath;
    }

    /**
     * @return the {@code unix://} URL to send requests to
     */
    public URI url() {
        return UnixTransport.url(this.socketPath);
    }

    /**
     * Begins the answer to a task, for example {@code onTask("vm.create").respond(vm)}; a later answer for the same
     * task replaces it.
     * @param task the task name
     * @return the task's stub, to give its answer
     */
    public TaskStub onTask(String task) {
        return new TaskStub(this, task, Duration.ZERO);
    }

    /**
     * Sets the answer of a task.
     */
    void answer(String task, Function<Request, Response> answer, Duration delay) {
        synchronized (this.lifecycleMonitor) {
            if (this.closed) {
                throw new IllegalStateException("stub provider " + this.socketPath + " is closed");
            }
            this.answers.put(task, new Answer(answer, delay));
        }
    }

    /**
     * @return every request received so far, in order of arrival
     */
    public List<Request> requests() {
        synchronized (this.requestsMonitor) {
            return List.copyOf(this.received);
        }
    }

    /**
     * @param task the task name
     * @return the requests for the task received so far, in order of arrival
     */
    public List<Request> requests(String task) {
        synchronized (this.requestsMonitor) {
            return this.received.stream().filter(request -> request.task().equals(task)).toList();
        }
    }

    /**
     * Waits until at least {@code count} requests for the task have been received.
     * @param task the task name
     * @param count how many requests to wait for
     * @param timeout how long to wait
     * @return the requests for the task received by then, in order of arrival (at least {@code count})
     * @throws AssertionError if fewer arrived within the timeout
     */
    public List<Request> awaitRequests(String task, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this.requestsMonitor) {
            List<Request> matching = requests(task);
            while (matching.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("stub provider " + url() + " received " + matching.size()
                            + " request(s) for task '" + task + "' within " + timeout + ", expected " + count
                            + "; all requests: " + this.received);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this.requestsMonitor, left);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for requests for task '" + task + "'", ex);
                }
                matching = requests(task);
            }
            return matching;
        }
    }

    /**
     * Waits for the first request for a task.
     * @param task the task name
     * @param timeout how long to wait
     * @return the first request for the task
     * @throws AssertionError if none arrived within the timeout
     */
    public Request awaitRequest(String task, Duration timeout) {
        return awaitRequests(task, 1, timeout).get(0);
    }

    /**
     * Forgets every answer and every request received, as if the stub had just been started: delayed answers still
     * pending are answered with the error {@code stub provider reset}.
     */
    public void reset() {
        synchronized (this.lifecycleMonitor) {
            this.answers.clear();
            cancelDelayed("stub provider reset");
            synchronized (this.requestsMonitor) {
                this.received.clear();
            }
        }
    }

    /**
     * Stops the provider and deletes its socket file; delayed answers still pending are answered with the error
     * {@code stub provider stopped}. Closing again does nothing.
     */
    @Override
    public void close() {
        synchronized (this.lifecycleMonitor) {
            if (this.closed) {
                return;
            }
            this.closed = true;
            this.delays.shutdownNow();
            cancelDelayed("stub provider stopped");
            this.provider.stop(STOP_TIMEOUT);
        }
        try {
            this.delays.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "StubProvider[" + url() + ", tasks " + this.answers.keySet() + "]";
    }

    private CompletionStage<Response> handle(Request request) throws Exception {
        // the answer is chosen before the request is recorded: a test that has seen the request can no longer change it
        Answer answer = this.answers.get(request.task());
        record(request);
        if (answer == null) {
            return UNKNOWN_TASK.handle(request);
        }
        if (answer.delay().isZero()) {
            return CompletableFuture.completedFuture(answer.function().apply(request));
        }
        CompletableFuture<Response> later = new CompletableFuture<>();
        this.delayed.add(later);
        later.whenComplete((response, failure) -> this.delayed.remove(later));
        this.delays.schedule(() -> {
            try {
                later.complete(answer.function().apply(request));
            }
            catch (RuntimeException ex) {
                later.completeExceptionally(ex);
            }
        }, answer.delay().toNanos(), TimeUnit.NANOSECONDS);
        return later;
    }

    private void record(Request request) {
        synchronized (this.requestsMonitor) {
            this.received.add(request);
            this.requestsMonitor.notifyAll();
        }
    }

    private void cancelDelayed(String error) {
        List.copyOf(this.delayed).forEach(pending -> pending.completeExceptionally(new AcommException(error)));
    }

    /** A task's answer and how long it is held back. */
    private record Answer(Function<Request, Response> function, Duration delay) {
    }
}
