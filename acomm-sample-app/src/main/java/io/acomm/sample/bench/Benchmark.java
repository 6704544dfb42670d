package io.acomm.sample.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.acomm.FrameCodec;
import io.acomm.Request;
import io.acomm.Response;
import io.acomm.ResponseCallback;
import io.acomm.Sender;
import io.acomm.Tracker;
import io.acomm.sample.SampleApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The {@code bench} command of the sample: measures acomm round trips through the sample's own tracker, provider
 * and HTTP intake (once with each HTTP client, {@code rest-template} and {@code rest-client}), the reference blocking
 * floor and the HTTP floor beside them, the same floor on the JDK's own sockets, blocking and served by an event loop,
 * each with and without a peer check ({@link RawFloor}), and the cost of tracking beside a bare map; then how the
 * sockets bear stalled peers ({@link StalledRoundTrips}), a burst of connects ({@link Burst}) and maximum-size frames
 * ({@link MaxFrames}). It prints a table and optionally writes the figures as JSON. Every ratio it reports is between
 * figures of the same run. The application's regular web server is not started; the HTTP phases use one on a random
 * loopback port.
 */
public final class Benchmark {

    private static final int IN_FLIGHT = 64;
    private static final String REFERENCE_FLOOR = "reference_blocking_floor";
    private static final int REPETITIONS = 3;
    /** How many pairs of blocks (acomm round trips, then floor posts, or the other way round) the HTTP phases
     * measure, and how many warm them up first. */
    private static final int HTTP_PAIRS = 10;
    private static final int HTTP_WARM_UP_PAIRS = 5;
    private static final Map<String, Object> SUM_ARGS = Map.of("numbers", List.of(1, 2, 3));

    private final int roundTrips;
    private final int trackCount;
    private final String maxFrameSize;
    private final Path dir;

    private Benchmark(int roundTrips, int trackCount, String maxFrameSize, Path dir) {
        this.roundTrips = roundTrips;
        this.trackCount = trackCount;
        this.maxFrameSize = maxFrameSize;
        this.dir = dir;
    }

    /**
     * Runs the benchmark: {@code bench [--json=PATH] [--requests=N] [--track=N] [--max-frame-size=SIZE]}.
     * @param args the command's arguments, the word {@code bench} first
     * @throws Exception if a phase fails
     */
    public static void main(String[] args) throws Exception {
        String json = option(args, "--json=", null);
        int requests = Integer.parseInt(option(args, "--requests=", "20000"));
        int track = Integer.parseInt(option(args, "--track=", "1000000"));
        String maxFrameSize = option(args, "--max-frame-size=", String.valueOf(FrameCodec.DEFAULT_MAX_FRAME_SIZE));
        Path dir = Files.createTempDirectory("acomm-bench");
        try {
            Figures figures = new Benchmark(requests, track, maxFrameSize, dir).run();
            figures.print(System.out);
            if (json != null) {
                figures.write(Path.of(json));
                System.out.println("figures written to " + json);
            }
        }
        finally {
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    private static String option(String[] args, String prefix, String fallback) {
        return Arrays.stream(args).filter(arg -> arg.startsWith(prefix)).map(arg -> arg.substring(prefix.length()))
                .findFirst().orElse(fallback);
    }

    private Figures run() throws Exception {
        Figures figures = new Figures();
        try (ConfigurableApplicationContext context = startSample("rest-template")) {
            Tracker tracker = context.getBean(Tracker.class);
            try (RawFloor floor = RawFloor.blocking(this.dir.resolve("floor"), FloorSockets.JUNIXSOCKET, IN_FLIGHT,
                    8)) {
                RoundTrip acomm = sumRoundTrip(tracker);
                LoadRunner.run(acomm, this.roundTrips, IN_FLIGHT);
                LoadRunner.run(acomm, this.roundTrips / 4, 1);
                LoadRunner.run(floor::roundTrip, this.roundTrips, IN_FLIGHT);
                List<Latencies> seq = repeat(() -> LoadRunner.run(acomm, this.roundTrips, 1));
                List<Latencies> c64 = repeat(() -> LoadRunner.run(acomm, this.roundTrips, IN_FLIGHT));
                figures.put("roundtrip_seq_per_s", Median.of(seq, Latencies::perSecond));
                figures.put("roundtrip_seq_p50_us", Median.of(seq, l -> l.percentileMicros(50)));
                figures.put("roundtrip_seq_p99_us", Median.of(seq, l -> l.percentileMicros(99)));
                figures.put("roundtrip_c64_per_s", Median.of(c64, Latencies::perSecond));
                figures.put("roundtrip_c64_p50_us", Median.of(c64, l -> l.percentileMicros(50)));
                figures.put("roundtrip_c64_p99_us", Median.of(c64, l -> l.percentileMicros(99)));
                measureFloor(floor, REFERENCE_FLOOR, figures);
                figures.ratio("roundtrip_seq_vs_reference_floor", "roundtrip_seq_per_s",
                        REFERENCE_FLOOR + "_seq_per_s");
                figures.ratio("roundtrip_c64_vs_reference_floor", "roundtrip_c64_per_s",
                        REFERENCE_FLOOR + "_c64_per_s");
            }
            measureOtherFloor("jdk_blocking_floor", dir -> RawFloor.blocking(dir, FloorSockets.JDK, IN_FLIGHT, 8),
                    figures);
            measureOtherFloor("jdk_peer_checked_floor",
                    dir -> RawFloor.blocking(dir, FloorSockets.JDK_PEER_CHECKED, IN_FLIGHT, 8), figures);
            measureOtherFloor("jdk_event_loop_floor", dir -> RawFloor.eventLoop(dir, IN_FLIGHT, false), figures);
            measureOtherFloor("jdk_peer_checked_event_loop_floor", dir -> RawFloor.eventLoop(dir, IN_FLIGHT, true),
                    figures);
            TrackingCost.measure(tracker, this.trackCount, REPETITIONS, figures);
            measureHttp(context, "", figures);
        }
        try (ConfigurableApplicationContext context = startSample("rest-client")) {
            measureHttp(context, "_rest_client", figures);
            // the phases that push the sockets to their limits come last, so that nothing they leave behind (a
            // listener that no longer serves, a heap full of garbage) touches the figures before them
            Tracker tracker = context.getBean(Tracker.class);
            StalledRoundTrips.measure(sumRoundTrip(tracker), this.roundTrips / 10, tracker.addr(), providerSocket(),
                    figures);
            Burst.measure(tracker, figures);
            MaxFrames.measure(tracker, providerSocket(), context.getBean(FrameCodec.class).maxFrameSize(),
                    sumRoundTrip(tracker), figures);
        }
        return figures;
    }

    /**
     * Measures a floor's round trips, one in flight and 64 in flight, each three times: the medians are
     * {@code <key>_seq_per_s} and {@code <key>_c64_per_s}.
     */
    private void measureFloor(RawFloor floor, String key, Figures figures) throws Exception {
        List<Latencies> seq = repeat(() -> LoadRunner.run(floor::roundTrip, this.roundTrips, 1));
        List<Latencies> c64 = repeat(() -> LoadRunner.run(floor::roundTrip, this.roundTrips, IN_FLIGHT));
        figures.put(key + "_seq_per_s", Median.of(seq, Latencies::perSecond));
        figures.put(key + "_c64_per_s", Median.of(c64, Latencies::perSecond));
    }

    /** Builds a floor in a directory of its own. */
    private interface FloorFactory {
        RawFloor create(Path dir) throws IOException;
    }

    /**
     * Measures another floor than the reference after a warm-up, and its rates over the reference floor's as
     * {@code <key>_seq_vs_reference_floor} and {@code <key>_c64_vs_reference_floor}.
     */
    private void measureOtherFloor(String key, FloorFactory factory, Figures figures) throws Exception {
        try (RawFloor floor = factory.create(this.dir.resolve(key))) {
            LoadRunner.run(floor::roundTrip, this.roundTrips, IN_FLIGHT);
            LoadRunner.run(floor::roundTrip, this.roundTrips / 4, 1);
            measureFloor(floor, key, figures);
        }
        figures.ratio(key + "_seq_vs_reference_floor", key + "_seq_per_s", REFERENCE_FLOOR + "_seq_per_s");
        figures.ratio(key + "_c64_vs_reference_floor", key + "_c64_per_s", REFERENCE_FLOOR + "_c64_per_s");
    }

    private Path providerSocket() {
        return this.dir.resolve("provider.sock");
    }

    private URI providerUrl() {
        return URI.create("unix://" + providerSocket());
    }

    /**
     * @return a round trip of the sample's {@code sum} task: through the tracker to the provider and back
     */
    private RoundTrip sumRoundTrip(Tracker tracker) {
        URI provider = providerUrl();
        return slot -> checked(tracker.send(provider, Request.builder().task("sum").args(SUM_ARGS).build())
                .get(10, TimeUnit.SECONDS));
    }

    private ConfigurableApplicationContext startSample(String httpClient) {
        return new SpringApplicationBuilder(SampleApplication.class)
                .web(WebApplicationType.SERVLET)
                .initializers(HttpFloor.servlet())
                .run("--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN",
                        "--acomm.http.client=" + httpClient,
                        "--acomm.unix.max-frame-size=" + this.maxFrameSize,
                        "--acomm.provider.socket-path=" + providerSocket(),
                        "--acomm.tracker.socket-path=" + this.dir.resolve("tracker.sock"));
    }

    /**
     * The HTTP phases with the sample's HTTP client: acomm round trips through the intake, and the HTTP floor beside
     * them, in short alternating blocks (each pair in turn led by one, then the other) so that both see the same
     * machine, after a warm-up long enough for C2 to have compiled both paths. The ratio to the floor is the median
     * of the pairs' ratios, which a slow drift of the machine's load does not move.
     */
    private void measureHttp(ConfigurableApplicationContext context, String suffix, Figures figures)
            throws Exception {
        Tracker tracker = context.getBean(Tracker.class);
        Sender sender = context.getBean(Sender.class);
        URI server = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
        Tracker caller = Tracker.builder().socketPath(this.dir.resolve("caller.sock")).build();
        caller.startListener();
        try {
            URI provider = providerUrl();
            HttpFloor floor = new HttpFloor(sender, server);
            RoundTrip http = slot -> httpRoundTrip(tracker, caller, sender, provider);
            RoundTrip httpFloor = slot -> floor.roundTrip();
            int block = Math.max(1, this.roundTrips / (2 * HTTP_PAIRS));
            for (int i = 0; i < HTTP_WARM_UP_PAIRS; i++) {
                LoadRunner.run(http, block, 1);
                LoadRunner.run(httpFloor, block, 1);
            }
            List<Latencies> acommRuns = new ArrayList<>();
            List<Latencies> floorRuns = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < HTTP_PAIRS; i++) {
                Latencies acomm;
                Latencies raw;
                if (i % 2 == 0) {
                    acomm = LoadRunner.run(http, block, 1);
                    raw = LoadRunner.run(httpFloor, block, 1);
                }
                else {
                    raw = LoadRunner.run(httpFloor, block, 1);
                    acomm = LoadRunner.run(http, block, 1);
                }
                acommRuns.add(acomm);
                floorRuns.add(raw);
                ratios.add(acomm.perSecond() / raw.perSecond());
            }
            figures.put("http_roundtrip_seq_per_s" + suffix, Median.of(acommRuns, Latencies::perSecond));
            figures.put("http_roundtrip_seq_p50_us" + suffix, Median.of(acommRuns, l -> l.percentileMicros(50)));
            figures.put("raw_http_floor_seq_per_s" + suffix, Median.of(floorRuns, Latencies::perSecond));
            figures.put("raw_http_floor_seq_p50_us" + suffix, Median.of(floorRuns, l -> l.percentileMicros(50)));
            figures.put("http_roundtrip_vs_floor" + suffix,
                    Median.of(ratios, Double::doubleValue));
        }
        finally {
            caller.stopListener(null);
        }
    }

    private static void checked(Response response) {
        if (response.isError()) {
            throw new IllegalStateException("round trip answered with an error: " + response.error());
        }
    }

    /**
     * A request from a local caller proxied out through the HTTP intake: the caller's request is tracked by the
     * sample's tracker through proxyExternal, the provider answers over HTTP to the intake, and the response is
     * forwarded to the caller's unix socket.
     */
    private static void httpRoundTrip(Tracker tracker, Tracker caller, Sender sender, URI provider)
            throws Exception {
        CompletableFuture<Response> answered = new CompletableFuture<>();
        ResponseCallback complete = (request, response) -> answered.complete(response);
        Request original = Request.builder().task("sum").args(SUM_ARGS).responseHook(caller.url())
                .onSuccess(complete).onError(complete).build();
        caller.trackRequest(original, Duration.ofSeconds(10));
        sender.send(provider, tracker.proxyExternal(original, Duration.ofSeconds(10)));
        checked(answered.get(10, TimeUnit.SECONDS));
    }

    /** A phase to repeat. */
    private interface Phase {
        Latencies run() throws Exception;
    }

    private static List<Latencies> repeat(Phase phase) throws Exception {
        List<Latencies> runs = new ArrayList<>();
        for (int i = 0; i < REPETITIONS; i++) {
            runs.add(phase.run());
        }
        return runs;
    }
}
