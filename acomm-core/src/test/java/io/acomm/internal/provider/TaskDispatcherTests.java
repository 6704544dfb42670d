package io.acomm.internal.provider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.acomm.ProviderObserver;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Sender;
import io.acomm.TaskHandler;
import io.acomm.internal.server.MessageHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider's request path without sockets: what the provider tests do not reach through a socket, the observers
 * that fail and the count of requests in flight.
 */
class TaskDispatcherTests {

    private static final String HOOK = "unix:///tmp/acomm-hook.sock";

    private static final Path SOCKET = Path.of("/tmp/acomm-provider.sock");

    private final List<String> delivered = new CopyOnWriteArrayList<>();

    private final List<String> told = new CopyOnWriteArrayList<>();

    private TaskDispatcher dispatcher;

    private TaskDispatcher started(List<ProviderObserver> observers) {
        Sender sender = Sender.builder()
                .transport("unix", (destination, message) -> this.delivered.add(destination.toString())).build();
        this.dispatcher = new TaskDispatcher(
                Map.of("echo", request -> CompletableFuture.completedFuture(Response.success(request, "done"))),
                TaskHandler.unknownTask(), observers, sender,
                new TaskObservations(ObservationRegistry.NOOP, true, null),
                new RecentRequestIds(10, Duration.ofMinutes(1), System::nanoTime), 1, 1);
        this.dispatcher.start();
        return this.dispatcher;
    }

    @AfterEach
    void stop() {
        if (this.dispatcher != null) {
            this.dispatcher.stop(false, System.nanoTime() + Duration.ofSeconds(5).toNanos());
        }
    }

    @Test
    void anObserverThatFailsLeavesTheOthersToldAndTheRequestFinished() {
        ProviderObserver failing = new ProviderObserver() {
            @Override
            public void taskCompleted(Request request, Response response, boolean known, Duration duration) {
                throw new IllegalStateException("observer failed");
            }

            @Override
            public void duplicateIgnored(Request request) {
                throw new IllegalStateException("observer failed");
            }
        };
        ProviderObserver recording = new ProviderObserver() {
            @Override
            public void taskCompleted(Request request, Response response, boolean known, Duration duration) {
                TaskDispatcherTests.this.told.add("completed " + response.result());
            }

            @Override
            public void duplicateIgnored(Request request) {
                TaskDispatcherTests.this.told.add("duplicate");
            }
        };
        TaskDispatcher dispatcher = started(List.of(failing, recording));
        Request request = Request.create("echo", HOOK, null);

        dispatcher.receive(request, SOCKET, null).run();
        assertThat(dispatcher.receive(request, SOCKET, null)).as("the same id again").isNull();

        assertThat(dispatcher.awaitIdle(System.nanoTime() + Duration.ofSeconds(5).toNanos())).isTrue();
        assertThat(this.delivered).containsExactly(HOOK);
        assertThat(this.told).containsExactly("completed done", "duplicate");
    }

    @Test
    void aRequestIsInFlightFromItsIntakeUntilItsAckFails() {
        TaskDispatcher dispatcher = started(List.of());

        MessageHandler.Accepted accepted = dispatcher.receive(Request.create("echo", HOOK, null), SOCKET, null);
        assertThat(dispatcher.inFlight()).isOne();
        accepted.ackFailed();

        assertThat(dispatcher.inFlight()).isZero();
        assertThat(this.delivered).isEmpty();
    }
}
