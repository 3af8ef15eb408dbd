package dev.jawait;

import dev.jawait.internal.TaskContext;

/**
 * A value local to a task, like Python's {@code contextvars.ContextVar}: it follows the task across awaits, whichever
 * thread each step runs on, and each task spawned ({@link Tasks#spawn}, {@link TaskGroup#spawn}, {@link
 * Tasks#toThread}, the main function of {@link Tasks#run}) starts with a copy of its spawner's values.
 * <pre>{@code
 * static final TaskLocal<String> REQUEST_ID = new TaskLocal<>("request-id");
 *
 * REQUEST_ID.set(request.id());
 * await(db.query(sql));                 // may resume on another thread
 * log(REQUEST_ID.get() + ": done");     // still this request's id
 * }</pre>
 *
 * <p>A task is the chain of {@link Async} calls that await one another: a call runs in its caller's context, so a
 * value it sets is seen by its caller too, as with Python coroutines awaited directly; a spawned task's sets are its
 * own. Code outside any task (a plain thread) has a context per thread. Callbacks of {@code CompletableFuture}
 * ({@code thenApply} and the like) are not tasks: they see the context of whatever thread runs them.
 */
public final class TaskLocal<T> {
    private static final Object ABSENT = new Object();

    private final String name;

    /** A task-local value named {@code name} (for messages only), unset in every task until set. */
    public TaskLocal(String name) {
        this.name = name;
    }

    /** The value in the current task, or null if it has none. */
    public T get() {
        Object value = TaskContext.current().get(this, ABSENT);
        @SuppressWarnings("unchecked")
        T typed = value == ABSENT ? null : (T) value;
        return typed;
    }

    /** Sets the value in the current task; null unsets it. Tasks spawned before keep the value they copied. */
    public void set(T value) {
        TaskContext.current().put(this, value);
    }

    /** Unsets the value in the current task. */
    public void remove() {
        set(null);
    }

    /** {@code TaskLocal[name]}. */
    @Override
    public String toString() {
        return "TaskLocal[" + name + "]";
    }
}
