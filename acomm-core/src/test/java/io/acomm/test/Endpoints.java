package io.acomm.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.acomm.Provider;
import io.acomm.TaskHandler;
import io.acomm.Tracker;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a test's trackers and providers on sockets of a directory and stops them after each test, providers first.
 */
public final class Endpoints implements AfterEachCallback {

    private final Supplier<Path> dir;
    private final List<Tracker> trackers = new ArrayList<>();
    private final List<Provider> providers = new ArrayList<>();

    /**
     * @param dir gives the directory of the sockets, such as the test's {@code @TempDir} field once it is set
     */
    public Endpoints(Supplier<Path> dir) {
        this.dir = dir;
    }

    /**
     * @return a started tracker on {@code tracker.sock}
     */
    public Tracker tracker() {
        Tracker tracker = Tracker.builder().socketPath(this.dir.get().resolve("tracker.sock")).build();
        this.trackers.add(tracker);
        tracker.startListener();
        return tracker;
    }

    /**
     * @param task the one task it serves
     * @param handler how it serves it
     * @return a started provider on {@code provider.sock}
     */
    public Provider provider(String task, TaskHandler handler) {
        Provider provider = Provider.builder().socketPath(this.dir.get().resolve("provider.sock")).task(task, handler)
                .build();
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
