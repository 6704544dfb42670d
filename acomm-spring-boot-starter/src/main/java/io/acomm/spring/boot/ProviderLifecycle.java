package io.acomm.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.acomm.Provider;
import io.acomm.ProviderBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;

/**
 * Builds the application's {@link Provider} from its {@code @AcommTask} methods (and the tasks customizers add) once
 * every singleton exists, checking the sockets of its tasks before the web server starts, starts it with the
 * context, and stops it on shutdown, finishing the tasks in flight up to {@code acomm.provider.shutdown-timeout}.
 * Without any task there is no provider. It starts before the tracker and stops after it, so that requests the
 * application sends to itself are still answered while the tracker drains.
 */
public class ProviderLifecycle implements SmartInitializingSingleton, SmartLifecycle {

    /** The phase: just before the tracker's. */
    public static final int PHASE = TrackerLifecycle.PHASE - 1;

    private static final Logger logger = LoggerFactory.getLogger(ProviderLifecycle.class);

    private final Supplier<@Nullable ProviderBuilder> builder;
    private final Consumer<List<Path>> socketCheck;
    private final Duration shutdownTimeout;
    private @Nullable Provider built;
    private volatile @Nullable Provider provider;

    /**
     * @param builder makes a builder holding the configuration and every task, or {@code null} when there are no
     *     tasks
     * @param socketCheck checks the provider's socket paths before it is started, throwing if one cannot be used
     * @param shutdownTimeout how long stop waits for tasks in flight
     */
    public ProviderLifecycle(Supplier<@Nullable ProviderBuilder> builder, Consumer<List<Path>> socketCheck,
            Duration shutdownTimeout) {
        this.builder = builder;
        this.socketCheck = socketCheck;
        this.shutdownTimeout = shutdownTimeout;
    }

    /**
     * Builds the provider now that every task is known, and checks its sockets: a socket that cannot be used fails
     * the context's refresh before the web server starts.
     */
    @Override
    public void afterSingletonsInstantiated() {
        this.built = build();
    }

    private @Nullable Provider build() {
        ProviderBuilder configured = this.builder.get();
        if (configured == null) {
            return null;
        }
        Provider provider = configured.build();
        this.socketCheck.accept(provider.socketPaths());
        return provider;
    }

    /**
     * @return the running provider, or {@code null} when the application serves no task or is not running
     */
    public @Nullable Provider provider() {
        return this.provider;
    }

    @Override
    public void start() {
        // built at refresh; a context started again after a stop gets a new one
        Provider started = this.built != null ? this.built : build();
        this.built = null;
        if (started == null) {
            logger.debug("no acomm tasks: no acomm provider is started");
            return;
        }
        started.start();
        this.provider = started;
        Set<String> tasks = new TreeSet<>(started.tasks());
        started.socketPaths().forEach(path -> logger.info("acomm provider listening on unix://{} (tasks {})", path,
                tasks));
    }

    @Override
    public void stop() {
        Provider running = this.provider;
        if (running != null) {
            running.stop(this.shutdownTimeout);
            this.provider = null;
        }
    }

    @Override
    public boolean isRunning() {
        return this.provider != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
