package dev.jawait.internal;

import dev.jawait.Await;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The static helpers that rewritten methods call. Their names and descriptors are part of the contract with the
 * transformer ({@code dev.jawait.transform.internal.RuntimeContract}), which core's {@code RuntimeContractTest}
 * resolves against this class: change both together.
 */
public final class AwaitSupport {
    private static final System.Logger LOG = System.getLogger("dev.jawait");
    private static final AtomicBoolean WARNED_BLOCKING = new AtomicBoolean();

    private AwaitSupport() {
    }

    /** The awaited stage as a {@code CompletableFuture}, which every await site works with. */
    public static CompletableFuture<?> toFuture(CompletionStage<?> stage) {
        if (stage == null) {
            throw new NullPointerException("await(null): the awaited stage is null");
        }
        // Subclasses may restrict CompletableFuture (its own minimalCompletionStage() refuses isDone), so only the
        // exact class is used as it is; toCompletableFuture() of any other returns itself or a faithful copy.
        if (stage.getClass() == CompletableFuture.class || stage instanceof CallFrame) {
            return (CompletableFuture<?>) stage;
        }
        if (!(stage instanceof CompletableFuture)) {
            return ForeignStage.of(stage); // registered once on the stage, not on a copy of it
        }
        try {
            return stage.toCompletableFuture();
        } catch (UnsupportedOperationException notConvertible) {
            return ForeignStage.of(stage);
        }
    }

    /** What {@link #tryResult} returns for a future that is not complete yet. */
    public static final Object NOT_DONE = new Object();

    /**
     * The value of {@code future} if it is complete (its original exception, thrown as raised, if it failed), else
     * {@link #NOT_DONE}: the fast path of an await, with one read of the future's state (two for a subclass whose
     * {@code getNow} refuses the sentinel, below).
     */
    @SuppressWarnings("unchecked")
    public static Object tryResult(CompletableFuture<?> future) {
        if (future instanceof TaskFuture) {
            return ((TaskFuture<?>) future).outcomeNow(NOT_DONE);
        }
        try {
            return ((CompletableFuture<Object>) future).getNow(NOT_DONE);
        } catch (CompletionException | java.util.concurrent.CancellationException thrown) {
            throw Failures.sneakyThrow(Failures.heldBy(thrown));
        } catch (ClassCastException sentinelRefused) {
            // A subclass that fixes its type and overrides getNow (class F extends CompletableFuture<String>) gets a
            // bridge method from javac that casts the sentinel to that type, so ask isDone() and join() instead: the
            // outcome is what join() gives, not a ClassCastException from the subclass's getNow.
            return future.isDone() ? resultOf(future) : NOT_DONE;
        }
    }

    /**
     * The value of a completed future, or its original exception thrown as it was raised (never a {@link
     * CompletionException} wrapper).
     */
    public static Object resultOf(CompletableFuture<?> done) {
        if (done instanceof CallFrame) {
            return ((CallFrame) done).outcomeForCaller();
        }
        if (done instanceof TaskFuture) {
            return ((TaskFuture<?>) done).outcomeNow(null);
        }
        try {
            return done.join();
        } catch (CompletionException | java.util.concurrent.CancellationException thrown) {
            throw Failures.sneakyThrow(Failures.heldBy(thrown));
        }
    }

    /** The future a rewritten method returns when its body throws before it first suspended. */
    public static CompletableFuture<Object> failed(Throwable failure) {
        return new FailedCall(failure);
    }

    /**
     * What an inner entry returns instead of running, {@code InnerEntries.DEPTH_LIMIT} calls deep: the future of the
     * call of {@code entry} (the method's public entry) with {@code arguments}, made once the chain of its callers
     * has registered, on a stack unwound that far (see {@link LaterCall}); {@code site} names the method for the task
     * dump ({@code class|method|file|}). Throws nothing: a failure to set it up is the call's.
     */
    public static CompletableFuture<?> callLater(java.lang.invoke.MethodHandle entry, Object[] arguments,
            String site) {
        try {
            return LaterCall.of(entry, arguments, site);
        } catch (Throwable e) { // a carrier's capture may throw a checked exception too
            return failed(e);
        }
    }

    /**
     * What a rewritten method returns when its body returned {@code returned} without suspending: the same, but a
     * null becomes a failed future, as it does after a suspension, so that the caller sees one behaviour.
     */
    public static Object returned(Object returned) {
        return returned != null ? returned : failed(new NullPointerException(NULL_RETURNED));
    }

    private static final String NULL_RETURNED =
            "an @Async method returned null instead of a CompletionStage (return completedFuture(value))";

    /** Completes {@code frame} with the outcome of the stage its body returned after it had suspended. */
    static void completeFrom(CompletableFuture<Object> frame, Object returned) {
        if (returned == null) {
            frame.completeExceptionally(new NullPointerException(NULL_RETURNED));
            return;
        }
        CompletionStage<?> stage = (CompletionStage<?>) returned;
        if (stage instanceof CompletableFuture && ((CompletableFuture<?>) stage).isDone()) {
            CompletableFuture<?> done = (CompletableFuture<?>) stage;
            try {
                frame.complete(done.join());
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                frame.completeExceptionally(Failures.heldBy(e));
            }
            return;
        }
        Failures.relay(stage, frame);
    }

    /**
     * Makes the result of a rewritten method fit its declared return type when that is a subtype of {@code
     * CompletionStage} other than {@code CompletableFuture}: an interface gets a proxy that forwards the {@code
     * CompletionStage} and {@code Future} methods, a class gets a new instance (no-argument constructor) completed
     * with the same outcome.
     */
    public static Object adapt(Object result, Class<?> declaredType) {
        if (result == null || declaredType.isInstance(result)) {
            return result;
        }
        CompletableFuture<?> future = toFuture((CompletionStage<?>) result);
        if (declaredType.isInterface()) {
            return Proxy.newProxyInstance(declaredType.getClassLoader(), new Class<?>[] {declaredType},
                    new StageForwarder(future, declaredType));
        }
        try {
            java.lang.reflect.Constructor<?> constructor = declaredType.getDeclaredConstructor();
            constructor.setAccessible(true);
            @SuppressWarnings("unchecked")
            CompletableFuture<Object> target = (CompletableFuture<Object>) constructor.newInstance();
            completeFrom(target, future);
            return target;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // RuntimeException: InaccessibleObjectException, when the type's package is not open to jawait (JPMS).
            throw new IllegalStateException("jawait cannot create a " + declaredType.getName()
                    + " to return from an @Async method: it needs an accessible no-argument constructor", e);
        }
    }

    /** The body of {@link Await#await} itself, which runs only when the caller was not rewritten. */
    public static <T> T awaitOutsideRewrittenCode(java.util.concurrent.CompletionStage<T> stage) {
        String caller = callerOfCaller();
        return blockIfAllowed(stage, "Await.await called in " + caller, () -> new IllegalStateException(
                "Await.await called in " + caller + ", which jawait did not rewrite. Annotate the method"
                        + " @dev.jawait.Async (it must return a CompletionStage or CompletableFuture) and run with"
                        + " -javaagent:jawait-agent.jar or build with jawait-maven-plugin"
                        + " (-D" + Await.BLOCKING_FALLBACK_PROPERTY + "=true blocks instead, for debugging)"));
    }

    /**
     * {@code AsyncCloseable.close()}: called only where jawait did not rewrite a try-with-resources (or where code
     * calls {@code close()} itself), since rewritten code awaits {@code closeAsync()} instead.
     */
    public static void closeOutsideRewrittenCode(dev.jawait.AsyncCloseable resource) {
        String caller = callerOfCaller();
        String call = "close() of the AsyncCloseable " + resource.getClass().getName() + " called in " + caller;
        blockIfAllowed(resource.closeAsync(), call, () -> new IllegalStateException(call + ", which jawait did not"
                + " rewrite: its closing is asynchronous. Use it in a try-with-resources of an @dev.jawait.Async"
                + " method (which awaits closeAsync() there), or await(resource.closeAsync()) yourself"));
    }

    /** Skips this class's frame and the API method's that called it: the frame after is the user's. */
    private static String callerOfCaller() {
        return StackWalker.getInstance()
                .walk(frames -> frames.skip(3).findFirst())
                .map(f -> f.getClassName() + "." + f.getMethodName() + " (" + f.getFileName() + ":"
                        + f.getLineNumber() + ")")
                .orElse("an unknown method");
    }

    private static <T> T blockIfAllowed(java.util.concurrent.CompletionStage<T> stage, String call,
            java.util.function.Supplier<IllegalStateException> notRewritten) {
        if (!Boolean.getBoolean(Await.BLOCKING_FALLBACK_PROPERTY)) {
            throw notRewritten.get();
        }
        if (EventLoop.current() != null) {
            throw new IllegalStateException(call + ", which jawait did not rewrite, on an event loop's thread:"
                    + " blocking there would deadlock the loop, so -D" + Await.BLOCKING_FALLBACK_PROPERTY + " does"
                    + " not apply. Rewrite the method (@dev.jawait.Async, with the agent or jawait-maven-plugin)");
        }
        if (WARNED_BLOCKING.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, call + " was not rewritten by jawait; blocking with join() because"
                    + " -D" + Await.BLOCKING_FALLBACK_PROPERTY + "=true");
        }
        CompletableFuture<?> future = toFuture(stage);
        try {
            future.join(); // resultOf reads a future that is done, and a pending jawait future would read as null
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException failed) {
            // resultOf throws the original exception
        }
        @SuppressWarnings("unchecked")
        T value = (T) resultOf(future);
        return value;
    }

    static {
        loadFailurePath();
    }

    /**
     * Runs the failure path of a call once, so that its classes are loaded and initialized now rather than at a
     * stack overflow: loading a class there (through a Java agent's transformer too) would overflow again, and an
     * overflow inside an agent makes the JVM print {@code java.lang.instrument ASSERTION FAILED}.
     */
    private static void loadFailurePath() {
        CompletableFuture<Object> failed = failed(new StackOverflowError("jawait: loading the failure path"));
        try {
            tryResult(toFuture(failed));
        } catch (StackOverflowError expected) {
            // read, so it is not reported as lost
        }
        try {
            Class.forName(CallFrame.class.getName(), true, AwaitSupport.class.getClassLoader());
            Class.forName(dev.jawait.AsyncStackTrace.class.getName(), true, AwaitSupport.class.getClassLoader());
        } catch (ClassNotFoundException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** Forwards a proxy of a {@code CompletionStage} subinterface to the future that carries the outcome. */
    private static final class StageForwarder implements InvocationHandler {
        private final CompletableFuture<?> future;
        private final Class<?> declaredType;

        StageForwarder(CompletableFuture<?> future, Class<?> declaredType) {
            this.future = future;
            this.declaredType = declaredType;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Class<?> owner = method.getDeclaringClass();
            if (owner == Object.class) {
                switch (method.getName()) {
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    default:
                        return declaredType.getSimpleName() + "[" + future + "]";
                }
            }
            if (method.isDefault() && !owner.isAssignableFrom(CompletableFuture.class)) {
                return invokeDefault(proxy, method, args);
            }
            if (owner.isAssignableFrom(CompletableFuture.class)) {
                try {
                    return method.invoke(future, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
            }
            throw new UnsupportedOperationException(declaredType.getName() + "." + method.getName()
                    + " is not available on the future of a suspended @Async method; only the CompletionStage and"
                    + " Future methods, and default methods, are");
        }

        /** Runs the interface's own default method on the proxy, as {@code super.method(args)} would. */
        private Object invokeDefault(Object proxy, Method method, Object[] args) throws Throwable {
            Class<?> owner = method.getDeclaringClass();
            java.lang.invoke.MethodHandle handle = java.lang.invoke.MethodHandles
                    .privateLookupIn(owner, java.lang.invoke.MethodHandles.lookup())
                    .unreflectSpecial(method, owner)
                    .bindTo(proxy);
            return handle.invokeWithArguments(args == null ? new Object[0] : args);
        }
    }
}
