package io.acomm.internal.tracker;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.acomm.test.LogCapture;
import io.acomm.test.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class TimeoutWheelTests {

    private static final class Timed extends TimeoutWheel.Node {
        final int number;
        final AtomicInteger expiries = new AtomicInteger();
        volatile long expiredAt;

        Timed(int number) {
            this.number = number;
        }
    }

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private final ConcurrentHashMap<Integer, Timed> expired = new ConcurrentHashMap<>();

    private final TimeoutWheel<Timed> wheel = new TimeoutWheel<Timed>(TimeUnit.MILLISECONDS.toNanos(5), 64, timed -> {
        timed.expiredAt = System.nanoTime();
        timed.expiries.incrementAndGet();
        this.expired.put(timed.number, timed);
    }, "acomm-test-wheel").start();

    @AfterEach
    void stop() {
        this.wheel.stop();
    }

    @Test
    void aNodeExpiresOnceNoEarlierThanItsDeadline() {
        Timed timed = new Timed(1);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(40);
        this.wheel.schedule(timed, deadline);
        assertThat(this.wheel.size()).isEqualTo(1);

        TestSupport.await().until(() -> timed.expiries.get() == 1);

        assertThat(timed.expiredAt).isGreaterThanOrEqualTo(deadline);
        assertThat(this.wheel.size()).isZero();
    }

    @Test
    void deadlinesSeveralRoundsAheadWaitForTheirRound() {
        // 64 buckets of 5 ms make a 320 ms round
        Timed timed = new Timed(1);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
        this.wheel.schedule(timed, deadline);
        TestSupport.await().until(() -> timed.expiries.get() == 1);
        assertThat(timed.expiredAt).isGreaterThanOrEqualTo(deadline);
    }

    @Test
    void aDeadlineInThePastExpiresAtTheNextTick() {
        Timed timed = new Timed(1);
        this.wheel.schedule(timed, System.nanoTime() - TimeUnit.SECONDS.toNanos(1));
        TestSupport.await().until(() -> timed.expiries.get() == 1);
    }

    @Test
    void anExpiryThatFailsEvenWithAnErrorIsLoggedAndTheWheelKeepsTurning() {
        List<Integer> expiredAfterFailure = new CopyOnWriteArrayList<>();
        TimeoutWheel<Timed> failing = new TimeoutWheel<Timed>(TimeUnit.MILLISECONDS.toNanos(5), 64, timed -> {
            if (timed.number == 1) {
                throw new OutOfMemoryError("Java heap space (injected)");
            }
            expiredAfterFailure.add(timed.number);
        }, "acomm-test-failing-wheel").start();
        try {
            failing.schedule(new Timed(1), System.nanoTime());
            Timed later = new Timed(2);
            failing.schedule(later, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));

            TestSupport.await().until(() -> expiredAfterFailure.contains(2));
            assertThat(this.log.warnings()).singleElement().asString().contains("timeout handling failed")
                    .contains("OutOfMemoryError");
        }
        finally {
            failing.stop();
        }
    }

    @Test
    void cancelledNodesNeverExpire() {
        Timed scheduled = new Timed(1);
        Timed cancelledFirst = new Timed(2);
        Timed sentinel = new Timed(3);
        this.wheel.schedule(scheduled, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
        boolean scheduledCancelled = this.wheel.cancel(scheduled);
        assertThat(this.wheel.cancel(cancelledFirst)).as("cancelling a node never scheduled").isTrue();
        this.wheel.schedule(cancelledFirst, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
        // a later deadline: once it has expired, the ticks of the other two have passed
        this.wheel.schedule(sentinel, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(40));

        TestSupport.await().until(() -> sentinel.expiries.get() == 1);

        assertThat(this.expired).doesNotContainKey(2);
        // a thread descheduled past the 20 ms deadline finds the node expired, and cancel() says so
        assertThat(this.expired.containsKey(1)).as("node 1 expired").isEqualTo(!scheduledCancelled);
        assertThat(this.wheel.cancel(scheduled)).as("cancelling twice").isFalse();
        assertThat(this.wheel.cancel(sentinel)).as("cancelling an expired node").isFalse();
        assertThat(this.wheel.size()).isZero();
    }

    @Test
    void manyNodesScheduledAndCancelledFromSeveralThreadsExpireExactlyOnceUnlessCancelled() throws Exception {
        int total = 4 * 50_000;
        List<Thread> threads = new ArrayList<>();
        Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
        for (int t = 0; t < 4; t++) {
            int base = t * (total / 4);
            threads.add(new Thread(() -> {
                Random random = new Random(base);
                for (int i = 0; i < total / 4; i++) {
                    Timed timed = new Timed(base + i);
                    this.wheel.schedule(timed, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(400)));
                    // a node whose deadline passed while this thread was descheduled may have expired already:
                    // only the cancels that prevented an expiry count
                    if (random.nextBoolean() && this.wheel.cancel(timed)) {
                        cancelled.add(timed.number);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        int expected = total - cancelled.size();

        // every node is accounted for once it has left the wheel and its expiry callback has run
        TestSupport.await().until(() -> {
            assertThat(this.expired.size()).as("expired nodes (%d cancelled)", cancelled.size())
                    .isLessThanOrEqualTo(expected);
            return this.wheel.size() == 0 && this.expired.size() == expected;
        });

        assertThat(cancelled.stream().filter(this.expired::containsKey)).as("cancelled nodes that expired").isEmpty();
        assertThat(this.expired.values()).allMatch(timed -> timed.expiries.get() == 1);
    }
}
