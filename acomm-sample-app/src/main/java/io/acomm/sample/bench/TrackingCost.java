package io.acomm.sample.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.acomm.Request;
import io.acomm.Tracker;

/**
 * The cost of tracking: {@code trackRequest} calls per second and heap per tracked request, beside the floor of a
 * bare {@link ConcurrentHashMap#put} of the same ids (random UUIDs, as the tracker's map keys them) into a map that,
 * like the tracker's, lives through every repetition. After a repetition that warms both up, each repetition times
 * both over the same requests, from the same collected heap, in turn one first and then the other. The floor puts
 * equal ids but not the same strings: a string keeps its hash once computed, so a put of the very ids the tracker's
 * map had just hashed would skip work that every put of a new id does.
 */
final class TrackingCost {

    private final int count;
    private final List<Double> trackRates = new ArrayList<>();
    private final List<Double> bytesPerRequest = new ArrayList<>();
    private final List<Double> putRates = new ArrayList<>();
    private final Map<String, Request> map = new ConcurrentHashMap<>();

    private TrackingCost(int count) {
        this.count = count;
    }

    /**
     * Measures a number of repetitions and adds the medians: {@code track_ops_per_s}, {@code track_bytes_per_request},
     * {@code map_put_ops_per_s} and their ratio {@code track_vs_map_put}.
     */
    static void measure(Tracker tracker, int count, int repetitions, Figures figures) {
        TrackingCost cost = new TrackingCost(count);
        // compiles both paths and grows both maps to their size, as the round trips' warm-ups do for theirs
        cost.repeat(tracker, false);
        cost.trackRates.clear();
        cost.bytesPerRequest.clear();
        cost.putRates.clear();
        for (int i = 0; i < repetitions; i++) {
            cost.repeat(tracker, i % 2 == 1);
        }
        figures.put("track_ops_per_s", Median.of(cost.trackRates, Double::doubleValue));
        figures.put("track_bytes_per_request", Median.of(cost.bytesPerRequest, Double::doubleValue));
        figures.put("map_put_ops_per_s", Median.of(cost.putRates, Double::doubleValue));
        figures.ratio("track_vs_map_put", "track_ops_per_s", "map_put_ops_per_s");
    }

    private void repeat(Tracker tracker, boolean putsFirst) {
        List<Request> requests = new ArrayList<>(this.count);
        List<String> ids = new ArrayList<>(this.count);
        for (int i = 0; i < this.count; i++) {
            Request request = Request.builder().task("sum").responseHook(tracker.url()).build();
            requests.add(request);
            ids.add(new String(request.id().toCharArray()));
        }
        if (putsFirst) {
            timePuts(ids, requests);
        }
        timeTracking(tracker, requests);
        if (!putsFirst) {
            timePuts(ids, requests);
        }
    }

    private void timeTracking(Tracker tracker, List<Request> requests) {
        long before = HeapUse.afterGc();
        long start = System.nanoTime();
        for (Request request : requests) {
            tracker.trackRequest(request, Duration.ofMinutes(1));
        }
        long elapsed = System.nanoTime() - start;
        long after = HeapUse.afterGc();
        for (Request request : requests) {
            tracker.removeRequest(request);
        }
        this.trackRates.add(rate(elapsed));
        this.bytesPerRequest.add((after - before) / (double) this.count);
    }

    private void timePuts(List<String> ids, List<Request> requests) {
        HeapUse.afterGc();
        long start = System.nanoTime();
        for (int i = 0; i < ids.size(); i++) {
            this.map.put(ids.get(i), requests.get(i));
        }
        long elapsed = System.nanoTime() - start;
        this.map.clear();
        this.putRates.add(rate(elapsed));
    }

    private double rate(long elapsedNanos) {
        return this.count / (elapsedNanos / 1e9);
    }
}
