package io.acomm.internal.util;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Checks the timeouts of sends, and turns them into socket timeouts: whole milliseconds, rounded up so that a socket
 * timeout never ends before the deadline it stands for.
 */
public final class Timeouts {

    private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private Timeouts() {
    }

    /**
     * @param timeout a timeout
     * @param name what it is, for the exception
     * @return the timeout
     * @throws NullPointerException if it is {@code null}
     * @throws IllegalArgumentException if it is zero or negative
     */
    public static Duration requirePositive(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + timeout);
        }
        return timeout;
    }

    /**
     * @param callers a caller's time limit for one send
     * @param own the transport's own limit
     * @return the smaller of the two
     * @throws IllegalArgumentException if the caller's limit is not positive
     */
    public static Duration smaller(Duration callers, Duration own) {
        requirePositive(callers, "timeout");
        return callers.compareTo(own) < 0 ? callers : own;
    }

    /**
     * @param timeout a positive timeout
     * @return it as a socket timeout: at least 1, since 0 means none
     */
    public static int socketTimeout(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, ceilMillis(timeout.toNanos()));
    }

    /**
     * @param deadline a {@link System#nanoTime()} deadline
     * @return the milliseconds left until it as a socket timeout, or 0 if it has passed
     */
    public static int millisUntil(long deadline) {
        long remaining = deadline - System.nanoTime();
        return remaining <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, ceilMillis(remaining));
    }

    private static long ceilMillis(long nanos) {
        return nanos / NANOS_PER_MILLI + (nanos % NANOS_PER_MILLI == 0 ? 0 : 1);
    }
}
