package dev.jawait.transform.internal;

import org.objectweb.asm.tree.AbstractInsnNode;

/** A method cannot be rewritten; the message says why, and {@link #insn()} where, if known. */
public final class RewriteException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient AbstractInsnNode insn;

    public RewriteException(String message, AbstractInsnNode insn) {
        super(message);
        this.insn = insn;
    }

    public RewriteException(String message, Throwable cause) {
        super(message, cause);
        this.insn = null;
    }

    public AbstractInsnNode insn() {
        return insn;
    }
}
