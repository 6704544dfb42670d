package io.acomm;

import java.time.Duration;

/**
 * Tracker chores shared by tests.
 */
final class TestTrackers {

    private TestTrackers() {
    }

    /**
     * Stops a tracker after a test, answering whatever the test left tracked.
     */
    public static void stopQuietly(Tracker tracker) {
        // a test that leaves requests tracked has nothing more to check about them
        tracker.stopListener(Duration.ofMillis(100));
    }
}
