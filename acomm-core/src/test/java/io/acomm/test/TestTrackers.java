package io.acomm.test;

import java.time.Duration;

import io.acomm.AcommException;
import io.acomm.Tracker;

/**
 * Tracker chores shared by tests.
 */
public final class TestTrackers {

    private TestTrackers() {
    }

    /**
     * Stops a tracker after a test, answering whatever the test left tracked.
     */
    public static void stopQuietly(Tracker tracker) {
        try {
            tracker.stopListener(Duration.ofMillis(100));
        }
        catch (AcommException leftOver) {
            // a test that leaves requests tracked has nothing more to check about them
        }
    }
}
