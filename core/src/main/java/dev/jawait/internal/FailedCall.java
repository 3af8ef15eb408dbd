package dev.jawait.internal;

/**
 * The future of a rewritten call that threw before it first suspended: failed from the start, and watched like any
 * call's frame, so that a caller dropping it does not lose the failure.
 */
final class FailedCall extends TaskFuture<Object> {
    private final Throwable failure;

    FailedCall(Throwable failure) {
        this.failure = failure;
        completeExceptionally(failure);
    }

    /** Where it was thrown: the top of its stack trace. */
    @Override
    protected String describe() {
        StackTraceElement[] trace = failure.getStackTrace();
        return trace.length == 0 ? "an @Async call" : trace[0].getClassName() + "." + trace[0].getMethodName() + " ("
                + trace[0].getFileName() + ":" + trace[0].getLineNumber() + ")";
    }
}
