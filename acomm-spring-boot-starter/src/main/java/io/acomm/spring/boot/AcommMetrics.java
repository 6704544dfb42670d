package io.acomm.spring.boot;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.acomm.ProviderObserver;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.TrackerObserver;
import io.acomm.Transport;
import io.acomm.internal.util.TaskTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * acomm's Micrometer meters of responses and sends: the counter {@code acomm.responses} (tags {@code task},
 * {@code outcome}: success, error, timeout), the timer {@code acomm.response.latency} (from tracking to the
 * response; tag {@code task}), the timer {@code acomm.sends} (tags {@code scheme}, {@code outcome}: success, error),
 * and the counter {@code acomm.tasks} of requests a provider answered (tags {@code task}, {@code unknown} for tasks
 * it does not serve, and {@code outcome}: success, error). Meters are looked up once per tag combination. On the
 * tracker's meters, whose task names peers may choose, only the first {@value #DEFAULT_MAX_TASK_TAGS} task names (by
 * default) get a {@code task} tag of their own; later ones are tagged {@code other}. Responses to requests the
 * tracker proxied for peers, whose task names the peers choose, are tagged {@code proxied}.
 */
public class AcommMetrics implements TrackerObserver, ProviderObserver {

    /** The task tag of the responses to requests the tracker proxied for peers. */
    public static final String PROXIED_TASK_TAG = TaskTags.PROXIED;

    /** How many task names get a tag value of their own on the tracker's meters by default. */
    public static final int DEFAULT_MAX_TASK_TAGS = TaskTags.DEFAULT_LIMIT;

    private final MeterRegistry registry;
    private final TaskTags trackerTasks;
    private final Map<String, Counter> responses = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();
    private final Map<String, Counter> tasks = new ConcurrentHashMap<>();

    /**
     * @param registry where the meters are registered
     */
    public AcommMetrics(MeterRegistry registry) {
        this(registry, DEFAULT_MAX_TASK_TAGS);
    }

    /**
     * @param registry where the meters are registered
     * @param maxTaskTags how many task names get a tag value of their own on the tracker's meters
     */
    public AcommMetrics(MeterRegistry registry, int maxTaskTags) {
        this.registry = registry;
        this.trackerTasks = new TaskTags(maxTaskTags);
    }

    @Override
    public void responseHandled(Request request, Response response, Outcome outcome, Duration latency) {
        recordResponse(this.trackerTasks.of(request.task()), outcome, latency);
    }

    /**
     * Responses to proxied requests, whose task names peers choose, are tagged {@code proxied}.
     */
    @Override
    public void proxiedResponseHandled(Request request, Response response, Outcome outcome, Duration latency) {
        recordResponse(PROXIED_TASK_TAG, outcome, latency);
    }

    private void recordResponse(String task, Outcome outcome, Duration latency) {
        String outcomeTag = outcome.name().toLowerCase(Locale.ROOT);
        this.responses.computeIfAbsent(task + '\0' + outcomeTag, key -> Counter.builder("acomm.responses")
                .description("Responses handled by the acomm tracker")
                .tag("task", task).tag("outcome", outcomeTag).register(this.registry)).increment();
        this.latencies.computeIfAbsent(task, key -> Timer.builder("acomm.response.latency")
                .description("Time from tracking a request to handling its response")
                .tag("task", task).register(this.registry)).record(latency);
    }

    @Override
    public void taskCompleted(Request request, Response response, boolean known, Duration duration) {
        String task = known ? request.task() : TaskTags.UNKNOWN;
        String outcome = response.isError() ? "error" : "success";
        this.tasks.computeIfAbsent(task + '\0' + outcome, key -> Counter.builder("acomm.tasks")
                .description("Requests answered by the acomm provider")
                .tag("task", task).tag("outcome", outcome).register(this.registry)).increment();
    }

    /**
     * @param scheme the URL scheme the transport serves
     * @param transport the transport to measure
     * @return the transport, timing every send
     */
    public Transport measure(String scheme, Transport transport) {
        Timer success = sendTimer(scheme, "success");
        Timer error = sendTimer(scheme, "error");
        return new Transport() {
            @Override
            public void send(URI destination, byte[] message) {
                measured(() -> transport.send(destination, message));
            }

            @Override
            public void send(URI destination, byte[] message, Duration timeout) {
                measured(() -> transport.send(destination, message, timeout));
            }

            private void measured(Runnable send) {
                long start = System.nanoTime();
                try {
                    send.run();
                    success.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
                catch (RuntimeException ex) {
                    error.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    throw ex;
                }
            }
        };
    }

    private Timer sendTimer(String scheme, String outcome) {
        return Timer.builder("acomm.sends").description("Deliveries of acomm messages")
                .tag("scheme", scheme).tag("outcome", outcome).register(this.registry);
    }
}
