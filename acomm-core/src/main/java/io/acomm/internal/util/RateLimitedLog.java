package io.acomm.internal.util;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * A WARN line for an event a peer can trigger at will: the first few of each period are logged one line each, the
 * rest are counted and reported in one summary line at the next event after the period ends. A flood of refused
 * messages therefore costs a handful of lines a minute, not one line per message. Thread-safe.
 */
public final class RateLimitedLog {

    /** How many events of a period are logged one line each. */
    public static final int LINES_PER_PERIOD = 5;

    private static final long PERIOD_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Logger logger;
    private final String event;
    private final AtomicLong periodStart = new AtomicLong(System.nanoTime());
    private final AtomicLong inPeriod = new AtomicLong();

    /**
     * @param logger where the lines go
     * @param event what the summary line counts, in the plural (e.g. {@code "refused messages"})
     */
    public RateLimitedLog(Logger logger, String event) {
        this.logger = logger;
        this.event = event;
    }

    /**
     * Logs one event at WARN, unless this period's first lines have been logged already.
     * @param format the SLF4J format of the line
     * @param arguments its arguments
     */
    public void warn(String format, Object... arguments) {
        long start = this.periodStart.get();
        long now = System.nanoTime();
        if (now - start >= PERIOD_NANOS && this.periodStart.compareAndSet(start, now)) {
            long previous = this.inPeriod.getAndSet(0);
            if (previous > LINES_PER_PERIOD) {
                this.logger.warn("{} more {} in the last {} s (only the first {} were logged)",
                        previous - LINES_PER_PERIOD, this.event, TimeUnit.NANOSECONDS.toSeconds(now - start),
                        LINES_PER_PERIOD);
            }
        }
        if (this.inPeriod.incrementAndGet() <= LINES_PER_PERIOD) {
            this.logger.warn(format, arguments);
        }
    }
}
