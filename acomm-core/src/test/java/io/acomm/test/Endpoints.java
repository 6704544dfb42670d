package io.acomm.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.acomm.Provider;
import io.acomm.TaskHandler;
import io.acomm.Tracker;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a test's trackers and providers on sockets of a directory and stops them after each test, providers first.
 */
public final class Endpoints implements AfterEachCallback {

    private final List<Tracker> trackers = new ArrayList<>();
    private final List<Provider> providers = new ArrayList<>();

    /**
     * @param dir the directory of the socket {@code tracker.sock}
     * @return a started tracker
     */
    public Tracker tracker(Path dir) {
        Tracker tracker = Tracker.builder().socketPath(dir.resolve("tracker.sock")).build();
        this.trackers.add(tracker);
        tracker.startListener();
        return tracker;
    }

    /**
     * @param dir the directory of the socket {@code provider.sock}
     * @param task the one task it serves
     * @param handler how it serves it
     * @return a started provider
     */
    public Provider provider(Path dir, String task, TaskHandler handler) {
        Provider provider = Provider.builder().socketPath(dir.resolve("provider.sock")).task(task, handler).build();
        this.providers.add(provider);
        provider.start();
        return provider;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        this.providers.forEach(provider -> provider.stop(Duration.ofSeconds(1)));
        this.trackers.forEach(TestTrackers::stopQuietly);
    }
}
