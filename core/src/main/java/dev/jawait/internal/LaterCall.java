package dev.jawait.internal;

import java.lang.invoke.MethodHandle;

/**
 * A call of a rewritten method that its inner entry did not make, being {@code InnerEntries.DEPTH_LIMIT} calls deep
 * (transformer side): the future its caller awaits in its place. It is the innermost of a chain of callers that
 * suspended through their inner entries, so nothing runs it until that chain registers, at its top: there, where the
 * stack has unwound the whole chain, the call is made, on the thread's trampoline or the task's loop as a resumption
 * would be, and this future completes as the call's does. A synchronous recursion of any depth so needs the stack of
 * one chain at most, in the interpreter as once compiled, at the price of suspending each level past the first
 * chain.
 *
 * <p>A frame, so that the trampoline runs it, that a cancel passing down the chain finds it (a request that comes
 * before the call is made is delivered at the call's first await that suspends), and that it resumes in the task's
 * context with the thread state its caller carried.
 */
final class LaterCall extends CallFrame {
    private final MethodHandle entry;
    private Object[] arguments;
    /** The called method's site, without awaits: the task dump and debug mode name the call by it. */
    private final String site;
    private boolean started;

    private LaterCall(MethodHandle entry, Object[] arguments, String site) {
        // Fixed: a varargs method's handle would otherwise collect its array argument into another array.
        this.entry = entry.asFixedArity();
        this.arguments = arguments;
        this.site = site;
        captureCallersAmbient();
    }

    /** See {@code AwaitSupport.callLater}. */
    static LaterCall of(MethodHandle entry, Object[] arguments, String site) {
        return new LaterCall(entry, arguments, site);
    }

    /**
     * Makes {@code call} if it is a LaterCall not made yet: by the caller that registered the chain awaiting it (see
     * {@link CallFrame#registerChain}), or by one that failed to suspend on it, so that it runs to its end all the same.
     */
    static void start(Object call) {
        if (call instanceof LaterCall) {
            ((LaterCall) call).start();
        }
    }

    /**
     * On the task's loop, as a resumption would run; off any loop, now, to its end (see {@link Trampoline#runToEnd}):
     * a recursion through completed futures is then done when its top-level call returns, as it was undeferred.
     */
    private void start() {
        if (started) {
            return;
        }
        started = true;
        startHere();
    }

    /** Makes the call, through its public entry: the frame completes as the stage returned does. */
    @Override
    public Object resumeBody() {
        Object[] made = arguments;
        arguments = null; // the call keeps them as long as it needs them
        try {
            return entry.invokeWithArguments(made);
        } catch (Throwable e) {
            throw Failures.sneakyThrow(e);
        }
    }

    @Override
    public String site() {
        return site;
    }
}
