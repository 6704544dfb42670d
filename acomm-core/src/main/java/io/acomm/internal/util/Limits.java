package io.acomm.internal.util;

/**
 * The bounds of the endpoints' counting settings, such as how many tasks or connections are served or open at once:
 * their common default, and the checks every builder makes.
 */
public final class Limits {

    /** How many tasks or connections an endpoint serves at once by default: twice the processors, at least 4. */
    public static final int DEFAULT_CONCURRENCY = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private Limits() {
    }

    /**
     * @param value a count of things at once
     * @param name the setting, for the exception
     * @return the value
     * @throws IllegalArgumentException if it is less than 1
     */
    public static int atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
        return value;
    }

    /**
     * @param value an amount, such as a number of bytes
     * @param name the setting, for the exception
     * @return the value
     * @throws IllegalArgumentException if it is not positive
     */
    public static long positive(long value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }
}
