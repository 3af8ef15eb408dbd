package dev.jawait.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The task-local values of one task: the values of {@code TaskLocal}s, shared by every call of the task (a call runs
 * in its caller's context) and copied into each task it spawns. The thread running a step of a task has that task's
 * context as its current one; a thread outside any task has a context of its own.
 */
public final class TaskContext {
    /** Replaced, never changed in place, so that readers on other threads need no lock. */
    private volatile Map<Object, Object> values;

    private TaskContext() {
        this(Map.of());
    }

    private TaskContext(Map<Object, Object> values) {
        this.values = values;
    }

    /** A thread's own context, for the code it runs outside any task. */
    static TaskContext newRoot() {
        return new TaskContext();
    }

    /** The context of the task running on this thread. */
    public static TaskContext current() {
        return ThreadState.current().context();
    }

    /** Makes {@code context} current on this thread; returns the one to put back with {@link #exit}. */
    public static TaskContext enter(TaskContext context) {
        return ThreadState.current().enter(context);
    }

    /** Puts back the context {@link #enter} returned. */
    public static void exit(TaskContext previous) {
        ThreadState.current().exit(previous);
    }

    /** A context for a new task, starting with this one's values. */
    public TaskContext copy() {
        return new TaskContext(values);
    }

    /** The value for {@code key}, or {@code absent} if it has none. */
    public Object get(Object key, Object absent) {
        return values.getOrDefault(key, absent);
    }

    /** Sets the value for {@code key}; null removes it. */
    public synchronized void put(Object key, Object value) {
        Map<Object, Object> next = new HashMap<>(values);
        if (value == null) {
            next.remove(key);
        } else {
            next.put(key, value);
        }
        values = next;
    }
}
