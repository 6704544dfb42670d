package io.acomm.spring.boot;

import java.util.Map;
import java.util.TreeMap;

import io.acomm.TaskHandler;

/**
 * The {@link AcommTask} methods of the application, one per task name.
 */
public class AcommTaskRegistry {

    private final Map<String, AcommTaskMethod> tasks = new TreeMap<>();

    synchronized void register(AcommTaskMethod method) {
        AcommTaskMethod existing = this.tasks.putIfAbsent(method.task(), method);
        if (existing != null) {
            throw new IllegalStateException("task '" + method.task() + "' has two @AcommTask methods: " + existing
                    + " and " + method);
        }
    }

    /**
     * @return the handlers by task name
     */
    public synchronized Map<String, TaskHandler> tasks() {
        return Map.copyOf(this.tasks);
    }
}
