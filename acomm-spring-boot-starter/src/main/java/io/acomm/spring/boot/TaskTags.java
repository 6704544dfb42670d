package io.acomm.spring.boot;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values of a {@code task} tag, bounded: the first task names seen keep their own value, any further name is
 * tagged {@value #OTHER}. Task names on the tracker side come from requests that peers may name as they like (proxied
 * requests), so without a bound every new name would add meters for the rest of the application's life.
 */
final class TaskTags {

    /** The tag value of the task names beyond the limit. */
    static final String OTHER = "other";

    private final int limit;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /**
     * @param limit how many task names keep their own tag value
     */
    TaskTags(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        this.limit = limit;
    }

    /**
     * @param task a task name
     * @return the tag value for it: the name itself, or {@value #OTHER} once the limit is reached
     */
    String of(String task) {
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
