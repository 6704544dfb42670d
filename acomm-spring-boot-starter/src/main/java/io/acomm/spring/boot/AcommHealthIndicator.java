package io.acomm.spring.boot;

import io.acomm.Provider;
import io.acomm.Tracker;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code acomm} health: UP while the tracker listens, with its socket and how many requests it tracks, and the
 * provider's sockets and tasks when the application serves tasks; DOWN when the tracker does not listen, or while a
 * listener of the tracker or the provider has met an {@link Error} (such as an {@link OutOfMemoryError}) and not
 * served a message since.
 */
public class AcommHealthIndicator extends AbstractHealthIndicator {

    private final Tracker tracker;
    private final ProviderLifecycle providerLifecycle;

    /**
     * @param tracker the tracker
     * @param providerLifecycle the provider's lifecycle, or {@code null} when there is none
     */
    public AcommHealthIndicator(Tracker tracker, @Nullable ProviderLifecycle providerLifecycle) {
        super("acomm health check failed");
        this.tracker = tracker;
        this.providerLifecycle = providerLifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Throwable failure = this.tracker.listenerFailure();
        builder.withDetail("trackerSocket", this.tracker.addr().toString())
                .withDetail("trackedRequests", this.tracker.numRequests());
        Provider provider = this.providerLifecycle != null ? this.providerLifecycle.provider() : null;
        if (provider != null) {
            builder.withDetail("providerSockets", provider.socketPaths().stream().map(Object::toString).toList())
                    .withDetail("tasks", provider.tasks().stream().sorted().toList())
                    .withDetail("tasksInFlight", provider.inFlight());
            if (failure == null) {
                failure = provider.listenerFailure();
            }
        }
        if (failure != null) {
            builder.withDetail("listenerFailure", failure.toString());
        }
        builder.status(this.tracker.isListening() && failure == null ? "UP" : "DOWN");
    }
}
