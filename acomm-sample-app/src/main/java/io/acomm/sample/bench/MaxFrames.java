package io.acomm.sample.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.acomm.Request;
import io.acomm.Tracker;

import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * {@value #PEERS} peers send the provider, at the same moment, a request as large as its largest frame, whose
 * numbers fill the frame, a number every two bytes, the worst case for decoding. The request names a task the
 * provider does not serve, so that it is read, decoded, acked and answered ({@code unknown task}) but no task
 * converts its numbers: the figure is the listener's and the decoder's share, which the read budget bounds, not
 * what an application's task makes of its arguments. The figures are the heap's peak while the provider reads,
 * decodes and answers them (the peers' own share is one frame body, which
 * they all send, counted in the live heap before), how many were acked and answered, and whether the provider still
 * serves a normal round trip afterwards. Peers that fail count as not acked; nothing here stops the benchmark.
 */
final class MaxFrames {

    static final int PEERS = 16;

    /** A task no provider of the sample serves. */
    private static final String UNSERVED_TASK = "bench.max-frame";

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String NUMBERS = "\"numbers\":[]";
    private static final double MIB = 1024 * 1024;

    private MaxFrames() {
    }

    /**
     * @param maxFrameSize the largest frame payload the provider accepts
     * @param check a normal round trip through the provider, made afterwards
     */
    static void measure(Tracker tracker, Path providerSocket, int maxFrameSize, RoundTrip check, Figures figures)
            throws IOException, InterruptedException {
        AFUNIXSocketAddress address = AFUNIXSocketAddress.of(providerSocket);
        CountDownLatch unanswered = new CountDownLatch(PEERS);
        List<Request> requests = new ArrayList<>(PEERS);
        List<byte[][]> ends = new ArrayList<>(PEERS);
        for (int i = 0; i < PEERS; i++) {
            Request request = Request.builder().task(UNSERVED_TASK).responseHook(tracker.url())
                    .args(Map.of("numbers", List.of()))
                    .onSuccess((answered, response) -> unanswered.countDown())
                    .onError((answered, response) -> unanswered.countDown()).build();
            tracker.trackRequest(request, DEADLINE);
            requests.add(request);
            ends.add(ends(tracker.sender().json().encode(request)));
        }
        byte[] numbers = numbers(maxFrameSize - ends.get(0)[0].length - ends.get(0)[1].length);
        figures.put("heap_live_mb_before_max_frames", HeapUse.afterGc() / MIB);
        int acked;
        try (HeapUse.Peak peak = HeapUse.samplePeak()) {
            acked = AtOnce.run(PEERS, i -> OneShotPeer.send(address, ends.get(i)[0], numbers, ends.get(i)[1]),
                    DEADLINE);
            unanswered.await(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
            figures.put("heap_peak_mb_" + PEERS + "_concurrent_max_frames", peak.bytes() / MIB);
        }
        requests.forEach(tracker::removeRequest);
        String phase = "max_frames_" + PEERS + "_concurrent";
        figures.count(phase + "_acked", acked);
        figures.count(phase + "_answered", PEERS - unanswered.getCount());
        figures.check(phase + "_listener_serves_after", serves(check));
    }

    /**
     * @param encoded a request whose arguments are an empty list of numbers
     * @return the request before the numbers, and after them
     */
    private static byte[][] ends(byte[] encoded) {
        String json = new String(encoded, StandardCharsets.UTF_8);
        int numbers = json.indexOf(NUMBERS) + NUMBERS.length() - 1;
        return new byte[][] { json.substring(0, numbers).getBytes(StandardCharsets.UTF_8),
                json.substring(numbers).getBytes(StandardCharsets.UTF_8) };
    }

    /**
     * @return {@code 1,1,…,1} in exactly that many bytes, a space last if the count is even
     */
    private static byte[] numbers(int length) {
        byte[] numbers = new byte[length];
        for (int i = 0; i < length; i++) {
            numbers[i] = (byte) (i % 2 == 0 ? '1' : ',');
        }
        if (length % 2 == 0) {
            numbers[length - 1] = ' ';
        }
        return numbers;
    }

    private static boolean serves(RoundTrip check) {
        try {
            check.run(0);
            return true;
        }
        catch (Exception ex) {
            System.err.println("after the maximum frames, a round trip failed: " + ex);
            return false;
        }
    }
}
