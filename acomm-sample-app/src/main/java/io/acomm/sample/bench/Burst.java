package io.acomm.sample.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.Tracker;

import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A burst on the tracker's socket: {@value #PEERS} peers send the responses to as many tracked requests at the
 * same moment, each as Go's {@code acomm.Send} does, with one connect and no retry. What matters is that every
 * response is accepted (acked without an error) and handled (its request's callback runs); the figures count both,
 * and the peers refused (not connected, or acked with an error, or not at all).
 */
final class Burst {

    static final int PEERS = 1000;

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private Burst() {
    }

    static void measure(Tracker tracker, Figures figures) throws IOException, InterruptedException {
        AFUNIXSocketAddress address = AFUNIXSocketAddress.of(tracker.addr());
        CountDownLatch unanswered = new CountDownLatch(PEERS);
        List<Request> requests = new ArrayList<>(PEERS);
        List<byte[]> responses = new ArrayList<>(PEERS);
        for (int i = 0; i < PEERS; i++) {
            Request request = Request.builder().task("sum").responseHook(tracker.url())
                    .onSuccess((answered, response) -> unanswered.countDown()).build();
            tracker.trackRequest(request, DEADLINE);
            requests.add(request);
            responses.add(tracker.sender().json().encode(Response.success(request, Map.of("sum", 6))));
        }
        int accepted = AtOnce.run(PEERS, i -> OneShotPeer.send(address, responses.get(i)), DEADLINE);
        unanswered.await(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
        requests.forEach(tracker::removeRequest);
        figures.count("burst_" + PEERS + "_accepted", accepted);
        figures.count("burst_" + PEERS + "_refused", PEERS - accepted);
        figures.count("burst_" + PEERS + "_answered", PEERS - unanswered.getCount());
    }
}
