package io.acomm;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits in tests for a condition that another thread makes true.
 */
public final class Awaits {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    private Awaits() {
    }

    public static void until(BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + LIMIT);
            }
            try {
                Thread.sleep(5);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", ex);
            }
        }
    }
}
