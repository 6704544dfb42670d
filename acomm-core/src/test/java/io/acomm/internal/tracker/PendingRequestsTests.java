package io.acomm.internal.tracker;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.acomm.AcommException;
import io.acomm.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingRequestsTests {

    private static final Duration LONG = Duration.ofMinutes(1);

    private final BlockingQueue<TrackedRequest> expired = new LinkedBlockingQueue<>();

    private final PendingRequests pending = new PendingRequests(LONG, Duration.ofMillis(10), this.expired::add);

    @BeforeEach
    void start() {
        this.pending.start();
    }

    @AfterEach
    void stop() {
        this.pending.stop();
    }

    private static Request request() {
        return Request.create("t", "unix:///tmp/hook.sock", null);
    }

    @Test
    void aRequestIsClaimedOnce() {
        Request request = request();
        this.pending.track(request, TrackedRequest.Origin.LOCAL, null, false);

        TrackedRequest claimed = this.pending.claim(request.id());

        assertThat(claimed.request()).isSameAs(request);
        assertThat(this.pending.claim(request.id())).isNull();
        assertThat(this.pending.size()).isZero();
    }

    @Test
    void claimingByOriginLeavesARequestFromAnotherOriginTracked() {
        Request request = request();
        this.pending.track(request, TrackedRequest.Origin.PROXY_UNIX, null, false);

        assertThat(this.pending.claim(request.id(), TrackedRequest.Origin.PROXY_EXTERNAL)).isNull();
        assertThat(this.pending.size()).isOne();
        assertThat(this.pending.claim(request.id(), TrackedRequest.Origin.PROXY_UNIX).request()).isSameAs(request);
        assertThat(this.pending.size()).isZero();
    }

    @Test
    void aRequestExpiresOnceAndIsThenNoLongerClaimable() throws Exception {
        Request request = request();
        this.pending.track(request, TrackedRequest.Origin.LOCAL, Duration.ofMillis(20), false);

        TrackedRequest timedOut = this.expired.poll(10, TimeUnit.SECONDS);

        assertThat(timedOut.request()).isSameAs(request);
        assertThat(this.pending.claim(request.id())).isNull();
        assertThat(this.pending.size()).isZero();
        // a second request expiring proves the wheel turned past the first one's deadline again
        Request later = request();
        this.pending.track(later, TrackedRequest.Origin.LOCAL, Duration.ofMillis(20), false);
        assertThat(this.expired.poll(10, TimeUnit.SECONDS).request()).isSameAs(later);
        assertThat(this.expired).isEmpty();
    }

    @Test
    void aClaimedRequestDoesNotExpire() throws Exception {
        Request claimed = request();
        Request reference = request();
        this.pending.track(claimed, TrackedRequest.Origin.LOCAL, Duration.ofMillis(20), false);
        this.pending.track(reference, TrackedRequest.Origin.LOCAL, Duration.ofMillis(40), false);

        this.pending.claim(claimed.id());

        assertThat(this.expired.poll(10, TimeUnit.SECONDS).request()).isSameAs(reference);
        assertThat(this.expired).isEmpty();
    }

    @Test
    void aRequestTrackedAgainKeepsItsOriginalDeadline() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        Request request = request();
        Request reference = request();
        this.pending.track(request, TrackedRequest.Origin.LOCAL, timeout, true);
        this.pending.track(reference, TrackedRequest.Origin.LOCAL, timeout, false);
        TrackedRequest claimed = this.pending.claim(request.id());
        // the reference expiring means the claimed request's own deadline has passed too
        assertThat(this.expired.poll(10, TimeUnit.SECONDS).request()).isSameAs(reference);

        long trackedAgainAt = System.nanoTime();
        this.pending.trackAgain(claimed);

        TrackedRequest again = this.expired.poll(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - trackedAgainAt)).as("a new full timeout would take %s", timeout)
                .isLessThan(timeout);
        assertThat(again.request()).isSameAs(request);
        assertThat(again.quickCallbacks()).isTrue();
        assertThat(again.trackedAtNanos()).isEqualTo(claimed.trackedAtNanos());
    }

    @Test
    void trackingAgainDoesNothingWhenTheIdWasTrackedAnew() {
        Request request = request();
        this.pending.track(request, TrackedRequest.Origin.LOCAL, null, false);
        TrackedRequest claimed = this.pending.claim(request.id());
        this.pending.track(request, TrackedRequest.Origin.PROXY_UNIX, null, false);

        this.pending.trackAgain(claimed);

        assertThat(this.pending.claim(request.id()).origin()).isEqualTo(TrackedRequest.Origin.PROXY_UNIX);
    }

    @Test
    void anIdIsTrackedOnceAtATime() {
        Request request = request();
        this.pending.track(request, TrackedRequest.Origin.LOCAL, null, false);

        assertThatThrownBy(() -> this.pending.track(request, TrackedRequest.Origin.LOCAL, null, false))
                .isInstanceOf(AcommException.class).hasMessageContaining("already tracked");
    }

    @Test
    void drainingRefusesNewRequestsAndEndsWhenTheLastOneIsGone() throws Exception {
        Request request = request();
        this.pending.track(request, TrackedRequest.Origin.LOCAL, Duration.ofMillis(100), false);
        long started = System.nanoTime();

        this.pending.drain(started + TimeUnit.SECONDS.toNanos(10));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(this.pending.size()).isZero();
        assertThat(this.expired.poll(10, TimeUnit.SECONDS).request()).isSameAs(request);
        assertThatThrownBy(() -> this.pending.track(request(), TrackedRequest.Origin.LOCAL, null, false))
                .isInstanceOf(AcommException.class).hasMessageContaining("stopping");
    }

    @Test
    void drainingEndsAtTheDeadlineAndClaimAllTakesWhatRemains() {
        Request first = request();
        Request second = request();
        this.pending.track(first, TrackedRequest.Origin.LOCAL, null, false);
        this.pending.track(second, TrackedRequest.Origin.PROXY_EXTERNAL, null, false);

        this.pending.drain(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));

        assertThat(this.pending.claimAll()).extracting(TrackedRequest::request)
                .containsExactlyInAnyOrder(first, second);
        assertThat(this.pending.size()).isZero();
        assertThat(this.pending.claimAll()).isEmpty();
    }

    @Test
    void nothingIsTrackedBeforeStartOrAfterStop() {
        PendingRequests stopped = new PendingRequests(LONG, Duration.ofMillis(10), this.expired::add);

        assertThatThrownBy(() -> stopped.track(request(), TrackedRequest.Origin.LOCAL, null, false))
                .isInstanceOf(AcommException.class).hasMessageContaining("not started");
        stopped.start();
        stopped.track(request(), TrackedRequest.Origin.LOCAL, null, false);
        stopped.stop();
        assertThatThrownBy(() -> stopped.track(request(), TrackedRequest.Origin.LOCAL, null, false))
                .isInstanceOf(AcommException.class).hasMessageContaining("not started");
    }

    @Test
    void requestsWithoutAnIdOrAPositiveTimeoutAreRefused() {
        Request noId = Request.builder().task("t").build();

        assertThatThrownBy(() -> this.pending.track(noId.toBuilder().id("").build(), TrackedRequest.Origin.LOCAL,
                null, false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without an id");
        assertThatThrownBy(() -> this.pending.track(request(), TrackedRequest.Origin.LOCAL, Duration.ZERO, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
    }
}
