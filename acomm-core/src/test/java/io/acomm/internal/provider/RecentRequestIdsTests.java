package io.acomm.internal.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The window of request ids a provider accepted lately, on a clock the tests move by hand.
 */
class RecentRequestIdsTests {

    private final AtomicLong now = new AtomicLong(1_000);

    private RecentRequestIds window(int maxIds, Duration duration) {
        return new RecentRequestIds(maxIds, duration, this.now::get);
    }

    /** Receives an id and acks it: whether it runs. */
    private static boolean runs(RecentRequestIds window, String id) {
        RecentRequestIds.Entry entry = window.receive(id);
        return entry != null && window.acked(entry);
    }

    @Test
    void anIdThatRanIsADuplicateWithinTheWindow() {
        RecentRequestIds window = window(10, Duration.ofMinutes(5));

        assertThat(runs(window, "a")).isTrue();
        assertThat(window.receive("a")).as("second receipt").isNull();
        assertThat(runs(window, "b")).isTrue();
    }

    @Test
    void theOldestIdIsForgottenOnceMaxIdsNewerOnesWereRecorded() {
        RecentRequestIds window = window(3, Duration.ofMinutes(5));
        for (String id : List.of("a", "b", "c", "d")) {
            assertThat(runs(window, id)).as(id).isTrue();
        }

        assertThat(window.size()).isEqualTo(3);
        assertThat(window.receive("b")).as("b, still in the window").isNull();
        assertThat(runs(window, "a")).as("a, pushed out by d").isTrue();
        assertThat(window.receive("d")).as("d").isNull();
    }

    @Test
    void anIdIsForgottenOnceOlderThanTheWindow() {
        RecentRequestIds window = window(10, Duration.ofSeconds(60));
        assertThat(runs(window, "old")).isTrue();
        this.now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(runs(window, "newer")).isTrue();

        this.now.addAndGet(Duration.ofSeconds(30).toNanos() - 1);
        assertThat(window.receive("old")).as("old, one nanosecond before its window ends").isNull();

        this.now.incrementAndGet();
        assertThat(runs(window, "old")).as("old, at the end of its window").isTrue();
        assertThat(window.receive("newer")).as("newer, 30 s old").isNull();
    }

    @Test
    void expiredIdsLeaveTheWindowWithTheNextReceipt() {
        RecentRequestIds window = window(10, Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            runs(window, "id-" + i);
        }
        this.now.addAndGet(Duration.ofSeconds(1).toNanos());

        runs(window, "next");

        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void anIdWhoseAckFailedIsForgottenSoThatTheRetryRuns() {
        RecentRequestIds window = window(10, Duration.ofMinutes(5));
        RecentRequestIds.Entry first = window.receive("a");

        window.ackFailed(first);

        assertThat(window.size()).isZero();
        assertThat(runs(window, "a")).as("retry").isTrue();
        assertThat(window.receive("a")).as("a third receipt").isNull();
    }

    @Test
    void aRetryReceivedBeforeTheFirstAckFailedRunsInItsPlace() {
        RecentRequestIds window = window(10, Duration.ofMinutes(5));
        RecentRequestIds.Entry first = window.receive("a");
        RecentRequestIds.Entry retry = window.receive("a");
        assertThat(retry).as("a retry while the first attempt waits for its ack").isNotNull();

        window.ackFailed(first);

        assertThat(window.acked(retry)).as("retry runs").isTrue();
        assertThat(window.receive("a")).isNull();
    }

    @Test
    void ofTwoAttemptsAckedOnlyTheFirstRuns() {
        RecentRequestIds window = window(10, Duration.ofMinutes(5));
        RecentRequestIds.Entry first = window.receive("a");
        RecentRequestIds.Entry retry = window.receive("a");

        assertThat(window.acked(retry)).as("the attempt acked first").isTrue();
        assertThat(window.acked(first)).as("the attempt acked second").isFalse();
    }

    @Test
    void anAttemptWhoseAckFailedAfterAnotherRanLeavesTheIdRemembered() {
        RecentRequestIds window = window(10, Duration.ofMinutes(5));
        RecentRequestIds.Entry first = window.receive("a");
        RecentRequestIds.Entry retry = window.receive("a");
        assertThat(window.acked(first)).isTrue();

        window.ackFailed(retry);

        assertThat(window.receive("a")).isNull();
    }

    @Test
    void aFailedAckForgetsOnlyItsOwnEntry() {
        RecentRequestIds window = window(1, Duration.ofMinutes(5));
        RecentRequestIds.Entry pushedOut = window.receive("a");
        assertThat(runs(window, "b")).isTrue();
        assertThat(runs(window, "a")).as("a again, once b pushed the first a out").isTrue();

        window.ackFailed(pushedOut);

        assertThat(window.receive("a")).as("the a that ran").isNull();
    }

    @Test
    void anEmptyWindowRemembersNothing() {
        for (RecentRequestIds window : List.of(window(0, Duration.ofMinutes(5)), window(10, Duration.ZERO))) {
            assertThat(runs(window, "a")).isTrue();
            assertThat(runs(window, "a")).isTrue();
            assertThat(window.size()).isZero();
        }
    }

    @Test
    void aWindowTooLongForNanosecondsNeverExpires() {
        RecentRequestIds window = window(10, Duration.ofSeconds(Long.MAX_VALUE));
        runs(window, "a");
        this.now.addAndGet(Long.MAX_VALUE / 2);
        assertThat(window.receive("a")).isNull();
    }

    @Test
    void negativeBoundsAreRefused() {
        assertThatThrownBy(() -> window(-1, Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> window(10, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Threads receive and ack the same ids at once: each id runs exactly once. */
    @Test
    void concurrentReceiptsOfAnIdRunItOnce() throws Exception {
        RecentRequestIds window = new RecentRequestIds(100_000, Duration.ofMinutes(5), System::nanoTime);
        int ids = 2_000;
        int threads = 4;
        AtomicInteger[] runsPerId = new AtomicInteger[ids];
        for (int i = 0; i < ids; i++) {
            runsPerId[i] = new AtomicInteger();
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                }
                catch (InterruptedException ex) {
                    return;
                }
                for (int i = 0; i < ids; i++) {
                    if (runs(window, "id-" + i)) {
                        runsPerId[i].incrementAndGet();
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join(10_000);
            assertThat(worker.isAlive()).isFalse();
        }
        for (int i = 0; i < ids; i++) {
            assertThat(runsPerId[i]).as("runs of id-%s", i).hasValue(1);
        }
    }
}
