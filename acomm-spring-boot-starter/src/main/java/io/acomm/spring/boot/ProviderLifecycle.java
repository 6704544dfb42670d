package io.acomm.spring.boot;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.acomm.Provider;
import io.acomm.ProviderBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Builds the application's {@link Provider} from its {@code @AcommTask} methods (and the tasks customizers add) once
 * they are all known, starts it with the context, and stops it on shutdown, finishing the tasks in flight up to
 * {@code acomm.provider.shutdown-timeout}. Without any task there is no provider. It starts before the tracker and
 * stops after it, so that requests the application sends to itself are still answered while the tracker drains.
 */
public class ProviderLifecycle implements SmartLifecycle {

    /** The phase: just before the tracker's. */
    public static final int PHASE = TrackerLifecycle.PHASE - 1;

    private static final Logger logger = LoggerFactory.getLogger(ProviderLifecycle.class);

    private final Supplier<ProviderBuilder> builder;
    private final Duration shutdownTimeout;
    private volatile Provider provider;

    /**
     * @param builder makes a builder holding the configuration and every task, or {@code null} when there are no
     *     tasks
     * @param shutdownTimeout how long stop waits for tasks in flight
     */
    public ProviderLifecycle(@Nullable Supplier<ProviderBuilder> builder, Duration shutdownTimeout) {
        this.builder = builder;
        this.shutdownTimeout = shutdownTimeout;
    }

    /**
     * @return the running provider, or {@code null} when the application serves no task or is not running
     */
    public @Nullable Provider provider() {
        return this.provider;
    }

    @Override
    public void start() {
        ProviderBuilder configured = this.builder.get();
        if (configured == null) {
            logger.debug("no acomm tasks: no acomm provider is started");
            return;
        }
        Provider started = configured.build();
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
