package dev.jawait.internal;

/**
 * The future of a rewritten call that threw before it first suspended: failed from the start, and watched like any
 * call's frame, so that a caller dropping it does not lose the failure.
 */
final class FailedCall extends LoopFuture<Object> {
    FailedCall(Throwable failure) {
        completeExceptionally(failure);
    }

    @Override
    protected String describe() {
        return "an @Async call that threw before its first suspension";
    }

    /**
     * Where it was thrown, the top of its stack trace, which may lie in a method the call awaited (an await of a call
     * that had failed already rethrows at once): so the log names the throw, not the call.
     */
    @Override
    boolean describedByItsThrow() {
        return true;
    }
}
