package io.acomm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

import io.acomm.internal.util.Limits;
import io.acomm.observation.AcommTaskObservationConvention;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Provider}: {@link Provider#builder()}. It needs a socket path, a task socket directory, or both.
 */
public final class ProviderBuilder extends EndpointBuilder<ProviderBuilder> {

    @Nullable Path socketPath;
    @Nullable Path taskSocketDir;
    final Map<String, TaskHandler> tasks = new LinkedHashMap<>();
    TaskHandler fallbackHandler = TaskHandler.unknownTask();
    int maxConcurrency = Limits.DEFAULT_CONCURRENCY;
    int deliveryConcurrency;
    final List<ProviderObserver> observers = new ArrayList<>();
    int duplicateWindowIds = Provider.DEFAULT_DUPLICATE_WINDOW_IDS;
    Duration duplicateWindow = Provider.DEFAULT_DUPLICATE_WINDOW;
    LongSupplier nanoTime = System::nanoTime;
    @Nullable AcommTaskObservationConvention taskObservationConvention;

    ProviderBuilder() {
    }

    /**
     * @param socketPath the socket that serves every task
     * @return this builder
     */
    public ProviderBuilder socketPath(Path socketPath) {
        this.socketPath = socketPath;
        return this;
    }

    /**
     * @param taskSocketDir a directory in which each task gets its own socket {@code <task>.sock}
     * @return this builder
     */
    public ProviderBuilder taskSocketDir(Path taskSocketDir) {
        this.taskSocketDir = taskSocketDir;
        return this;
    }

    /**
     * @param name the task name requests carry in {@code task}
     * @param handler runs it
     * @return this builder
     * @throws IllegalArgumentException if the task already has a handler
     */
    public ProviderBuilder task(String name, TaskHandler handler) {
        Objects.requireNonNull(name, "name");
        if (this.tasks.putIfAbsent(name, Objects.requireNonNull(handler, "handler")) != null) {
            throw new IllegalArgumentException("task '" + name + "' already has a handler");
        }
        return this;
    }

    /**
     * @param maxConcurrency how many tasks run at once; a task counts until it has produced its response (or
     *     returned its future), not while the response is delivered
     * @return this builder
     */
    public ProviderBuilder maxConcurrency(int maxConcurrency) {
        this.maxConcurrency = Limits.atLeastOne(maxConcurrency, "maxConcurrency");
        return this;
    }

    /**
     * @param deliveryConcurrency how many responses are delivered at once, apart from the tasks running; further
     *     ones wait in a queue (default: {@code maxConcurrency}, and at least 4)
     * @return this builder
     */
    public ProviderBuilder deliveryConcurrency(int deliveryConcurrency) {
        this.deliveryConcurrency = Limits.atLeastOne(deliveryConcurrency, "deliveryConcurrency");
        return this;
    }

    /**
     * Sets the window in which a request id that was accepted before is a duplicate: acked, but not run again.
     * The oldest ids leave the window first, once {@code maxIds} newer ones came or once they are older than
     * {@code window}. Defaults: {@value Provider#DEFAULT_DUPLICATE_WINDOW_IDS} ids, 5 minutes. The window takes
     * about 200 bytes per id.
     * @param maxIds how many ids the window holds at most; 0 turns duplicate detection off
     * @param window how long an id stays in the window; zero turns duplicate detection off
     * @return this builder
     * @throws IllegalArgumentException if either bound is negative
     */
    public ProviderBuilder duplicateWindow(int maxIds, Duration window) {
        Objects.requireNonNull(window, "window");
        if (maxIds < 0) {
            throw new IllegalArgumentException("maxIds must not be negative: " + maxIds);
        }
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative: " + window);
        }
        this.duplicateWindowIds = maxIds;
        this.duplicateWindow = window;
        return this;
    }

    /**
     * @param nanoTime the clock of the duplicate window, for tests
     * @return this builder
     */
    ProviderBuilder nanoTime(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        return this;
    }

    /**
     * @param observer told of every request the provider answers
     * @return this builder
     */
    public ProviderBuilder addObserver(ProviderObserver observer) {
        this.observers.add(Objects.requireNonNull(observer, "observer"));
        return this;
    }

    /**
     * @param handler runs the requests for tasks without a handler of their own (such as a stub that answers
     *     whatever task a test registers later); by default they are answered {@code unknown task: <task>}. It gets
     *     no socket of its own in the task socket directory.
     * @return this builder
     */
    public ProviderBuilder fallbackHandler(TaskHandler handler) {
        this.fallbackHandler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * @param convention replaces the default convention of the {@code acomm.task} observations
     * @return this builder
     */
    public ProviderBuilder taskObservationConvention(AcommTaskObservationConvention convention) {
        this.taskObservationConvention = Objects.requireNonNull(convention, "convention");
        return this;
    }

    /**
     * @return whether any task has a handler yet
     */
    public boolean hasTasks() {
        return !this.tasks.isEmpty();
    }

    /**
     * @return the provider, not started yet
     * @throws IllegalStateException if neither a socket path nor a task socket directory was set, or if a task
     *     name cannot name a socket file in the task socket directory
     */
    public Provider build() {
        if (this.socketPath == null && this.taskSocketDir == null) {
            throw new IllegalStateException("a provider needs a socket path or a task socket directory");
        }
        if (this.taskSocketDir != null) {
            this.tasks.keySet().forEach(this::checkSocketFileName);
        }
        return new Provider(this);
    }

    /**
     * A task's socket is {@code <task>.sock} in the task socket directory: its name must stay a file name there.
     */
    private void checkSocketFileName(String task) {
        if (task.isEmpty() || task.contains("/") || task.indexOf('\0') >= 0 || task.equals("..")) {
            throw new IllegalStateException("task '" + task + "' cannot have a socket of its own in "
                    + this.taskSocketDir + ": its name must be a file name (not empty, without '/')");
        }
    }
}
