package dev.jawait;

import dev.jawait.internal.Carriers;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Carries thread-bound state that existing libraries keep in {@code ThreadLocal}s (logging MDC, tracing spans,
 * security contexts) across awaits: once registered, the state is captured on the thread where an {@link Async} call
 * suspends, installed on the thread where it resumes for the length of that step, and the resuming thread's own state
 * is put back afterwards. {@link Tasks#toThread} carries it to the blocking thread the same way.
 * <pre>{@code
 * ThreadContext.carry(MDC::getCopyOfContextMap, map -> {
 *     if (map == null) MDC.clear(); else MDC.setContextMap(map);
 * });
 * }</pre>
 * Registration is global and costs one capture per suspension and two installs per resumption for each carrier.
 */
public final class ThreadContext {
    private ThreadContext() {
    }

    /**
     * Makes the value of {@code local} follow async calls across awaits.
     *
     * @return an action that stops carrying it
     */
    public static <T> Runnable carry(ThreadLocal<T> local) {
        Objects.requireNonNull(local, "local");
        return carry(local::get, value -> {
            if (value == null) {
                local.remove();
            } else {
                local.set(value);
            }
        });
    }

    /**
     * Makes the state that {@code capture} reads from the current thread follow async calls across awaits; {@code
     * install} puts a captured state (possibly null) on the current thread.
     *
     * @return an action that stops carrying it
     */
    public static <S> Runnable carry(Supplier<S> capture, Consumer<? super S> install) {
        return Carriers.register(Objects.requireNonNull(capture, "capture"), Objects.requireNonNull(install, "install"));
    }
}
