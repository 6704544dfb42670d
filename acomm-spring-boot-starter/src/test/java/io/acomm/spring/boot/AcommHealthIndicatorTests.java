package io.acomm.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.acomm.Provider;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Tracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static io.acomm.test.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health of a real tracker whose listener meets an {@link Error} while handling a response: DOWN, naming the
 * error, until the listener serves a response again.
 */
class AcommHealthIndicatorTests {

    @TempDir
    Path dir;

    private Tracker tracker;

    private Provider provider;

    @AfterEach
    void stop() {
        if (this.provider != null) {
            this.provider.stop(Duration.ofSeconds(5));
        }
        if (this.tracker != null) {
            this.tracker.stopListener(null);
        }
    }

    @Test
    void anOutOfMemoryErrorInTheListenerMakesHealthDownUntilItServesAgain() throws Exception {
        this.tracker = Tracker.builder().socketPath(this.dir.resolve("t.sock"))
                .addObserver((request, response, outcome, latency) -> {
                    if ("oom".equals(request.task())) {
                        throw new OutOfMemoryError("Java heap space (injected)");
                    }
                })
                .build();
        this.tracker.startListener();
        AcommHealthIndicator indicator = new AcommHealthIndicator(this.tracker, null);
        assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);

        this.provider = Provider.builder().socketPath(this.dir.resolve("p.sock"))
                .task("oom", request -> CompletableFuture.completedFuture(Response.success(request, "ok")))
                .task("next", request -> CompletableFuture.completedFuture(Response.success(request, "ok")))
                .build();
        this.provider.start();

        // the tracker completes the future of send() on its listener's thread, with the observers, after the ack
        this.tracker.send(this.provider.url(), Request.create("oom", this.tracker.url().toString(), null));
        await().until(() -> indicator.health(true).getStatus(), Status.DOWN::equals);
        Health down = indicator.health(true);
        assertThat(down.getDetails().get("listenerFailure")).asString().contains("OutOfMemoryError");

        Response next = this.tracker.send(this.provider.url(), Request.create("next", this.tracker.url().toString(),
                null)).get(10, TimeUnit.SECONDS);
        assertThat(next.isError()).isFalse();
        await().until(() -> indicator.health(true).getStatus(), Status.UP::equals);
        assertThat(indicator.health(true).getDetails()).doesNotContainKey("listenerFailure");
    }
}
