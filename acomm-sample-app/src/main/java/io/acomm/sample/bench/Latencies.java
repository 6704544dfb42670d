package io.acomm.sample.bench;

import java.util.Arrays;

/**
 * The latencies of one benchmark phase, recorded per request, with the phase's wall-clock time.
 */
final class Latencies {

    private final long[] nanos;
    private long elapsedNanos;

    Latencies(int count) {
        this.nanos = new long[count];
    }

    Latencies(long[] nanos, long elapsedNanos) {
        this.nanos = nanos;
        this.elapsedNanos = elapsedNanos;
    }

    void record(int index, long latencyNanos) {
        this.nanos[index] = latencyNanos;
    }

    void elapsed(long elapsedNanos) {
        this.elapsedNanos = elapsedNanos;
    }

    double perSecond() {
        return this.nanos.length / (this.elapsedNanos / 1e9);
    }

    double percentileMicros(double percentile) {
        long[] sorted = this.nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e3;
    }
}
