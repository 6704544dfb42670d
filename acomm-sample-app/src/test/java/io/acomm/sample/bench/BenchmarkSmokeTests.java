package io.acomm.sample.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code bench} command in its short mode: it runs every phase to the end and writes every figure. The figures'
 * values are the benchmark's to judge, not this test's.
 */
class BenchmarkSmokeTests {

    private static final List<String> RATES = List.of("roundtrip_seq_per_s", "roundtrip_seq_p50_us",
            "roundtrip_seq_p99_us", "roundtrip_c64_per_s", "roundtrip_c64_p50_us", "roundtrip_c64_p99_us",
            "reference_blocking_floor_seq_per_s", "reference_blocking_floor_c64_per_s",
            "roundtrip_seq_vs_reference_floor", "roundtrip_c64_vs_reference_floor", "jdk_blocking_floor_seq_per_s",
            "jdk_blocking_floor_c64_per_s", "jdk_blocking_floor_seq_vs_reference_floor",
            "jdk_blocking_floor_c64_vs_reference_floor", "jdk_peer_checked_floor_seq_per_s",
            "jdk_peer_checked_floor_c64_per_s", "jdk_peer_checked_floor_seq_vs_reference_floor",
            "jdk_peer_checked_floor_c64_vs_reference_floor", "jdk_event_loop_floor_seq_per_s",
            "jdk_event_loop_floor_c64_per_s", "jdk_event_loop_floor_seq_vs_reference_floor",
            "jdk_event_loop_floor_c64_vs_reference_floor", "jdk_peer_checked_event_loop_floor_seq_per_s",
            "jdk_peer_checked_event_loop_floor_c64_per_s", "jdk_peer_checked_event_loop_floor_seq_vs_reference_floor",
            "jdk_peer_checked_event_loop_floor_c64_vs_reference_floor", "track_ops_per_s",
            "track_bytes_per_request", "map_put_ops_per_s", "track_vs_map_put", "http_roundtrip_seq_per_s",
            "http_roundtrip_vs_floor", "http_roundtrip_seq_per_s_rest_client", "http_roundtrip_vs_floor_rest_client",
            "roundtrip_seq_p50_us_quiet", "roundtrip_seq_p99_us_quiet", "roundtrip_seq_p50_us_with_1000_stalled",
            "roundtrip_seq_p99_us_with_1000_stalled", "roundtrip_seq_p99_stalled_vs_quiet",
            "heap_live_mb_before_max_frames", "heap_peak_mb_16_concurrent_max_frames");

    private static final List<String> COUNTS = List.of("roundtrip_seq_failed_quiet", "stalled_connections_held",
            "roundtrip_seq_attempts_with_1000_stalled", "roundtrip_seq_failed_with_1000_stalled",
            "burst_1000_accepted", "burst_1000_refused", "burst_1000_answered", "max_frames_16_concurrent_acked",
            "max_frames_16_concurrent_answered");

    @TempDir
    Path dir;

    @Test
    void aShortRunWritesEveryFigure() throws Exception {
        Path json = this.dir.resolve("bench.json");
        Benchmark.main(new String[] { "bench", "--requests=200", "--track=1000", "--max-frame-size=1MB",
                "--json=" + json });

        Map<String, Object> figures = JsonMapper.builder().build().readValue(json.toFile(), new TypeReference<>() {
        });
        for (String rate : RATES) {
            assertThat(figures).hasEntrySatisfying(rate, value -> assertThat(value).isInstanceOf(Double.class));
        }
        for (String count : COUNTS) {
            assertThat(figures).hasEntrySatisfying(count,
                    value -> assertThat(value).isInstanceOfAny(Integer.class, Long.class));
        }
        assertThat(figures).hasEntrySatisfying("max_frames_16_concurrent_listener_serves_after",
                value -> assertThat(value).isInstanceOf(Boolean.class));
        assertThat(((Number) figures.get("burst_1000_accepted")).intValue()
                + ((Number) figures.get("burst_1000_refused")).intValue()).isEqualTo(1000);
    }
}
