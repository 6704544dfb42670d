package io.acomm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutWheelTests {

    private static final class Timed extends TimeoutWheel.Node {
        final int number;
        final AtomicInteger expiries = new AtomicInteger();
        volatile long expiredAt;

        Timed(int number) {
            this.number = number;
        }
    }

    private final ConcurrentHashMap<Integer, Timed> expired = new ConcurrentHashMap<>();

    private final TimeoutWheel<Timed> wheel = new TimeoutWheel<>(TimeUnit.MILLISECONDS.toNanos(5), 64, timed -> {
        timed.expiredAt = System.nanoTime();
        timed.expiries.incrementAndGet();
        this.expired.put(timed.number, timed);
    }, "acomm-test-wheel");

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

        Awaits.until(() -> timed.expiries.get() == 1);

        assertThat(timed.expiredAt).isGreaterThanOrEqualTo(deadline);
        assertThat(this.wheel.size()).isZero();
    }

    @Test
    void deadlinesSeveralRoundsAheadWaitForTheirRound() {
        // 64 buckets of 5 ms make a 320 ms round
        Timed timed = new Timed(1);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
        this.wheel.schedule(timed, deadline);
        Awaits.until(() -> timed.expiries.get() == 1);
        assertThat(timed.expiredAt).isGreaterThanOrEqualTo(deadline);
    }

    @Test
    void aDeadlineInThePastExpiresAtTheNextTick() {
        Timed timed = new Timed(1);
        this.wheel.schedule(timed, System.nanoTime() - TimeUnit.SECONDS.toNanos(1));
        Awaits.until(() -> timed.expiries.get() == 1);
    }

    @Test
    void cancelledNodesNeverExpire() throws InterruptedException {
        Timed scheduled = new Timed(1);
        Timed cancelledFirst = new Timed(2);
        this.wheel.schedule(scheduled, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
        this.wheel.cancel(scheduled);
        this.wheel.cancel(cancelledFirst);
        this.wheel.schedule(cancelledFirst, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));

        Thread.sleep(100);

        assertThat(this.expired).isEmpty();
        assertThat(this.wheel.size()).isZero();
    }

    @Test
    void manyNodesScheduledAndCancelledFromSeveralThreadsExpireExactlyOnceUnlessCancelled() throws Exception {
        int perThread = 50_000;
        List<Thread> threads = new ArrayList<>();
        ConcurrentHashMap<Integer, Boolean> cancelled = new ConcurrentHashMap<>();
        for (int t = 0; t < 4; t++) {
            int base = t * perThread;
            threads.add(new Thread(() -> {
                Random random = new Random(base);
                for (int i = 0; i < perThread; i++) {
                    Timed timed = new Timed(base + i);
                    this.wheel.schedule(timed, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(400)));
                    if (random.nextBoolean()) {
                        this.wheel.cancel(timed);
                        cancelled.put(timed.number, true);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        int expected = 4 * perThread - cancelled.size();

        Awaits.until(() -> this.expired.size() == expected);
        Thread.sleep(50);

        assertThat(this.expired).hasSize(expected);
        assertThat(cancelled.keySet().stream().filter(this.expired::containsKey)).isEmpty();
        assertThat(this.expired.values()).allMatch(timed -> timed.expiries.get() == 1);
        assertThat(this.wheel.size()).isZero();
    }
}
