package io.acomm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.acomm.Response;
import io.acomm.Tracker;

/**
 * Waits and socket directories for tests of code that uses acomm.
 */
public final class AcommTestUtils {

    /** How often {@link #awaitNoRequests} looks at the tracker. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(2);

    private AcommTestUtils() {
    }

    /**
     * Waits for the response of a request sent with {@link Tracker#send}.
     * @param future the future response
     * @param timeout how long to wait
     * @return the response: an error response (a timeout's included) is returned, not thrown
     * @throws AssertionError if no response came within the timeout, or the send failed
     */
    public static Response awaitResponse(CompletableFuture<Response> future, Duration timeout) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            throw new AssertionError("no response within " + timeout, ex);
        }
        catch (ExecutionException ex) {
            throw new AssertionError("the request failed: " + ex.getCause(), ex.getCause());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a response", ex);
        }
    }

    /**
     * Waits until a tracker tracks no request: every response it waited for has come (or timed out). Callbacks of
     * the last responses may still be running.
     * @param tracker the tracker
     * @param timeout how long to wait
     * @throws AssertionError if requests are still tracked after the timeout
     */
    public static void awaitNoRequests(Tracker tracker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tracker.numRequests() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(tracker.numRequests() + " request(s) still tracked by " + tracker.url()
                        + " after " + timeout);
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
    }

    /**
     * Creates a new directory for sockets in the temp directory, readable by this user only.
     * @return the directory
     * @throws UncheckedIOException if it cannot be created
     */
    public static Path newSocketDir() {
        try {
            return Files.createTempDirectory("acomm");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Deletes a socket directory and whatever is left in it; a directory that is gone already is fine.
     * @param dir the directory
     * @throws UncheckedIOException if something cannot be deleted
     */
    public static void deleteSocketDir(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path path : paths) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot delete socket directory " + dir, ex);
        }
    }
}
