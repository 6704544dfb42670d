package io.acomm;

import java.time.Duration;
import java.util.Objects;

/**
 * Checks the timeouts of sends.
 */
final class Timeouts {

    private Timeouts() {
    }

    /**
     * @param timeout a timeout
     * @param name what it is, for the exception
     * @return the timeout
     * @throws NullPointerException if it is {@code null}
     * @throws IllegalArgumentException if it is zero or negative
     */
    static Duration requirePositive(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + timeout);
        }
        return timeout;
    }
}
