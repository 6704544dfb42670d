package io.acomm.spring.boot;

import io.acomm.Tracker;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code acomm} health: UP while the tracker listens, with its socket and how many requests it tracks; DOWN
 * otherwise.
 */
public class AcommHealthIndicator extends AbstractHealthIndicator {

    private final Tracker tracker;

    public AcommHealthIndicator(Tracker tracker) {
        super("acomm health check failed");
        this.tracker = tracker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.status(this.tracker.isListening() ? "UP" : "DOWN")
                .withDetail("trackerSocket", this.tracker.addr().toString())
                .withDetail("trackedRequests", this.tracker.numRequests());
    }
}
