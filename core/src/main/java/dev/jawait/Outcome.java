package dev.jawait;

import java.util.Objects;

/**
 * How one stage ended: with a value (possibly null) or with an exception, unwrapped as the stage raised it. Given by
 * {@link Tasks#gatherOutcomes}, which never fails.
 */
public final class Outcome<T> {
    private final T value;
    private final Throwable failure;

    private Outcome(T value, Throwable failure) {
        this.value = value;
        this.failure = failure;
    }

    /** A stage that completed with {@code value}. */
    public static <T> Outcome<T> success(T value) {
        return new Outcome<>(value, null);
    }

    /** A stage that failed with {@code failure}. */
    public static <T> Outcome<T> failure(Throwable failure) {
        return new Outcome<>(null, Objects.requireNonNull(failure, "failure"));
    }

    /** Whether the stage completed with a value. */
    public boolean isSuccess() {
        return failure == null;
    }

    /** Whether the stage was cancelled: it failed with a {@link java.util.concurrent.CancellationException}. */
    public boolean isCancelled() {
        return failure instanceof java.util.concurrent.CancellationException;
    }

    /**
     * The value the stage completed with. If the stage failed, this throws its exception as it was raised (even a
     * checked one, undeclared).
     */
    public T value() {
        if (failure != null) {
            throw dev.jawait.internal.Failures.sneakyThrow(failure);
        }
        return value;
    }

    /** The exception the stage failed with, or null if it completed with a value. */
    public Throwable failure() {
        return failure;
    }

    /** {@code success(value)} or {@code failure(exception)}. */
    @Override
    public String toString() {
        return failure == null ? "success(" + value + ")" : "failure(" + failure + ")";
    }

    /** Outcomes are equal when both have equal values, or both have the same exception instance. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Outcome)) {
            return false;
        }
        Outcome<?> that = (Outcome<?>) other;
        return failure == that.failure && Objects.equals(value, that.value);
    }

    /** Consistent with {@link #equals}. */
    @Override
    public int hashCode() {
        return failure != null ? System.identityHashCode(failure) : Objects.hashCode(value);
    }
}
