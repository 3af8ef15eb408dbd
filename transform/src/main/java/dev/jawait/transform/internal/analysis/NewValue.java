package dev.jawait.transform.internal.analysis;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;

/** An object made by {@code NEW} whose constructor has not run yet; it cannot be saved across a suspension. */
public final class NewValue extends BasicValue {
    private final AbstractInsnNode newInsn;

    NewValue(Type type, AbstractInsnNode newInsn) {
        super(type);
        this.newInsn = newInsn;
    }

    /** The {@code NEW} instruction that made the object. */
    public AbstractInsnNode newInsn() {
        return newInsn;
    }

    /**
     * Values made by the same {@code NEW} instruction are the same value: the analysis executes the instruction
     * again on every pass through a loop, and must see those passes agree.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof NewValue && ((NewValue) other).newInsn == newInsn;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(newInsn);
    }
}
