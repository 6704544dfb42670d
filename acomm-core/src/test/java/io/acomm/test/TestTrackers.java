package io.acomm.test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import io.acomm.Request;
import io.acomm.Response;
import io.acomm.ResponseCallback;
import io.acomm.Tracker;

/**
 * Tracker chores shared by tests.
 */
public final class TestTrackers {

    private TestTrackers() {
    }

    /**
     * @return a started tracker with its socket in the directory, standing for a local service (in the starter's
     *     tests, another service that proxies through the application's tracker)
     */
    public static Tracker startTracker(Path socketDir) {
        Tracker tracker = Tracker.builder().socketDir(socketDir).build();
        tracker.startListener();
        return tracker;
    }

    /**
     * Stops a tracker after a test, answering whatever the test left tracked.
     */
    public static void stopQuietly(Tracker tracker) {
        // a test that leaves requests tracked has nothing more to check about them
        tracker.stopListener(Duration.ofMillis(100));
    }

    /**
     * Tracks a new request for a task whose response hook is the tracker itself.
     * @param onSuccess the success callback, or {@code null}
     * @param onError the error callback, or {@code null}
     */
    public static Request track(Tracker tracker, String task, Object args, ResponseCallback onSuccess,
            ResponseCallback onError) {
        Request request = Request.create(task, tracker.url().toString(), args).withCallbacks(onSuccess, onError);
        tracker.trackRequest(request);
        return request;
    }

    /**
     * Tracks a new request without callbacks, so that its response goes to the tracker's fallback (in the
     * starter, the {@code @ResponseHandler} methods).
     */
    public static Request track(Tracker tracker, String task, Object args) {
        return track(tracker, task, args, null, null);
    }

    /**
     * Sends a request to a provider through a tracker and waits for the response (an error response included).
     */
    public static Response callTask(Tracker tracker, URI provider, Request request) {
        return TestSupport.resultOf(tracker.send(provider, request, Duration.ofSeconds(5)));
    }
}
