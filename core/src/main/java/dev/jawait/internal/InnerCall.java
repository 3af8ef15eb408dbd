package dev.jawait.internal;

/**
 * The type of an inner entry's last parameter, which is always null: it only sets the inner entry's descriptor apart
 * from the method's own, so that both keep the method's name in stack traces. An inner entry is what an await of a
 * direct call to a suspending {@code @Async} method of the same class calls; its first run suspends without
 * registering ({@link CallFrame#suspendDeferred}). Generated code only names this type; it has no instances.
 */
public final class InnerCall {
    private InnerCall() {
    }
}
