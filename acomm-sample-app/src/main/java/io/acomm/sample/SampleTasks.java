package io.acomm.sample;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.acomm.spring.boot.AcommTask;

import org.springframework.stereotype.Component;

/**
 * The tasks the sample serves on its provider socket.
 */
@Component
public class SampleTasks {

    /** Args of {@code sum}. */
    public record SumArgs(List<Long> numbers) {
    }

    /** Result of {@code sum}. */
    public record SumResult(long sum) {
    }

    /** Args of {@code sleep}. */
    public record SleepArgs(long millis) {
    }

    /** Args of {@code stream}. */
    public record StreamArgs(String text, int repeat) {
    }

    @AcommTask("sum")
    public SumResult sum(SumArgs args) {
        return new SumResult(args == null || args.numbers() == null ? 0
                : args.numbers().stream().mapToLong(Long::longValue).sum());
    }

    @AcommTask("fail")
    public void fail() {
        throw new IllegalStateException("requested failure");
    }

    @AcommTask("sleep")
    public CompletableFuture<Map<String, Long>> sleep(SleepArgs args) {
        long millis = args == null ? 0 : Math.max(0, args.millis());
        return CompletableFuture.supplyAsync(() -> Map.of("slept", millis),
                CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
    }

    @AcommTask("stream")
    public InputStream stream(StreamArgs args) {
        if (args == null || args.text() == null || args.repeat() < 0) {
            throw new IllegalArgumentException("stream needs {\"text\": ..., \"repeat\": N} with N >= 0");
        }
        return new ByteArrayInputStream(args.text().repeat(args.repeat()).getBytes(StandardCharsets.UTF_8));
    }
}
