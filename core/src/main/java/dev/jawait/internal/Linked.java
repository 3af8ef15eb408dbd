package dev.jawait.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A future computed from other futures, such that cancelling it cancels those that are still pending. Like an {@link
 * CallFrame}, it does not complete at the moment it is cancelled: it ends as its inputs do once they have stopped.
 */
public final class Linked<T> extends LoopFuture<T> {
    private final String operation;
    private final CompletableFuture<?>[] inputs;

    /**
     * A future whose cancellation goes to {@code inputs}; whoever creates it completes it. {@code operation} ({@code
     * "gather"}, ...) names it in a log.
     */
    public Linked(String operation, CompletableFuture<?>[] inputs) {
        this.operation = operation;
        this.inputs = inputs;
    }

    @Override
    java.util.List<CompletableFuture<?>> endsAs() {
        return java.util.Arrays.asList(inputs);
    }

    @Override
    protected String describe() {
        return "a " + operation + " of " + inputs.length + " stage" + (inputs.length == 1 ? "" : "s");
    }

    /** Cancels every input not done yet. Returns false if this future has already completed (true if cancelled). */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return isCancelled();
        }
        cancelAllBut(null, mayInterruptIfRunning);
        return true;
    }

    /** Cancels every input except {@code keep}; used when one input has decided the outcome. */
    public void cancelAllBut(CompletableFuture<?> keep, boolean mayInterruptIfRunning) {
        for (CompletableFuture<?> input : inputs) {
            if (input != keep && !input.isDone()) {
                Failures.cancelOrLog(input, mayInterruptIfRunning); // one that refuses stops none of the others
            }
        }
    }

    /** Each stage as a {@code CompletableFuture}, rejecting nulls with the position named. */
    public static CompletableFuture<?>[] futures(String operation, java.util.Collection<?> stages) {
        Object[] snapshot = stages.toArray();
        CompletableFuture<?>[] futures = new CompletableFuture<?>[snapshot.length];
        for (int i = 0; i < snapshot.length; i++) {
            if (snapshot[i] == null) {
                throw new NullPointerException(operation + ": stage " + i + " is null");
            }
            futures[i] = AwaitSupport.toFuture((java.util.concurrent.CompletionStage<?>) snapshot[i]);
        }
        return futures;
    }
}
