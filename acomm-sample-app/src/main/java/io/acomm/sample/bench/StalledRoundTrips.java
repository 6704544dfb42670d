package io.acomm.sample.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One-in-flight round trips while {@value #STALLED} stalled peers (see {@link StalledPeers}) hold connections to the
 * tracker's socket and as many to the provider's, beside the same round trips measured quiet just before, the same
 * way (with a {@link DeadlineRunner}). The peers are released afterwards. A listener that waits for stalled peers
 * shows here as failed round trips, and the phase still ends within 15 s: twice a run's budget and a round trip's
 * deadline, then the runner's wait for the round trips left behind.
 */
final class StalledRoundTrips {

    static final int STALLED = 1000;

    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final Duration BUDGET = Duration.ofSeconds(4);

    private StalledRoundTrips() {
    }

    /**
     * @param roundTrip one round trip through the tracker and provider
     * @param count how many round trips to run quiet, and as many with the stalled peers
     */
    static void measure(RoundTrip roundTrip, int count, Path trackerSocket, Path providerSocket, Figures figures)
            throws IOException, InterruptedException {
        DeadlineRunner.Attempts quiet;
        DeadlineRunner.Attempts stalled;
        int held;
        try (DeadlineRunner runner = new DeadlineRunner(DEADLINE, BUDGET)) {
            quiet = runner.run(roundTrip, count);
            try (StalledPeers onTracker = StalledPeers.open(trackerSocket, STALLED);
                    StalledPeers onProvider = StalledPeers.open(providerSocket, STALLED)) {
                held = onTracker.held() + onProvider.held();
                stalled = runner.run(roundTrip, count);
            }
        }
        String withStalled = "_with_" + STALLED + "_stalled";
        figures.put("roundtrip_seq_p50_us_quiet", quiet.latencies().percentileMicros(50));
        figures.put("roundtrip_seq_p99_us_quiet", quiet.latencies().percentileMicros(99));
        figures.count("roundtrip_seq_failed_quiet", quiet.failed());
        figures.count("stalled_connections_held", held);
        figures.put("roundtrip_seq_p50_us" + withStalled, stalled.latencies().percentileMicros(50));
        figures.put("roundtrip_seq_p99_us" + withStalled, stalled.latencies().percentileMicros(99));
        figures.count("roundtrip_seq_attempts" + withStalled, stalled.count());
        figures.count("roundtrip_seq_failed" + withStalled, stalled.failed());
        figures.ratio("roundtrip_seq_p99_stalled_vs_quiet", "roundtrip_seq_p99_us" + withStalled,
                "roundtrip_seq_p99_us_quiet");
    }
}
