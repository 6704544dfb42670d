package io.acomm.internal.util;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values of a {@code task} tag, bounded: the first task names seen keep their own value, any further name is
 * tagged {@value #OTHER}. Task names on the tracker side come from requests that peers may name as they like (proxied
 * requests), so without a bound every new name would add meters for the rest of the application's life.
 */
public final class TaskTags {

    /** How many task names keep their own tag value by default. */
    public static final int DEFAULT_LIMIT = 100;

    /** The tag value of the task names beyond the limit. */
    public static final String OTHER = "other";

    /** The tag value of the task of a request the tracker proxied for a peer, which the peer named. */
    public static final String PROXIED = "proxied";

    /** The tag value of a task a provider does not serve. */
    public static final String UNKNOWN = "unknown";

    private final int limit;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /**
     * @param limit how many task names keep their own tag value
     */
    public TaskTags(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        this.limit = limit;
    }

    /**
     * @param task a task name
     * @return the tag value for it: the name itself, or {@value #OTHER} once the limit is reached
     */
    public String of(String task) {
        if (this.known.contains(task)) {
            return task;
        }
        synchronized (this.known) {
            if (this.known.size() < this.limit) {
                this.known.add(task);
                return task;
            }
        }
        return OTHER;
    }
}
