package dev.jawait.transform.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * One member of jawait's runtime that rewritten code uses: its owner, name and descriptor, and how it is reached.
 * Every one of them is listed in {@link RuntimeContract}, which a test resolves against the runtime's classes.
 */
public final class RuntimeMember {
    /** How rewritten code reaches the member; each kind maps to one instruction (two for fields). */
    public enum Kind {
        STATIC_METHOD, VIRTUAL_METHOD, INTERFACE_METHOD, CONSTRUCTOR, FIELD, STATIC_FIELD
    }

    private final Kind kind;
    private final String owner;
    private final String name;
    private final String descriptor;

    RuntimeMember(Kind kind, String owner, String name, String descriptor) {
        this.kind = kind;
        this.owner = owner;
        this.name = name;
        this.descriptor = descriptor;
    }

    public Kind kind() {
        return kind;
    }

    /** Internal name of the class that declares it, {@code dev/jawait/internal/AwaitSupport}. */
    public String owner() {
        return owner;
    }

    public String name() {
        return name;
    }

    /** A method's descriptor, or a field's type descriptor. */
    public String descriptor() {
        return descriptor;
    }

    /** The call of a method or constructor. */
    public MethodInsnNode invoke() {
        switch (kind) {
            case STATIC_METHOD:
                return new MethodInsnNode(Opcodes.INVOKESTATIC, owner, name, descriptor, false);
            case VIRTUAL_METHOD:
                return new MethodInsnNode(Opcodes.INVOKEVIRTUAL, owner, name, descriptor, false);
            case INTERFACE_METHOD:
                return new MethodInsnNode(Opcodes.INVOKEINTERFACE, owner, name, descriptor, true);
            case CONSTRUCTOR:
                return new MethodInsnNode(Opcodes.INVOKESPECIAL, owner, name, descriptor, false);
            default:
                throw new IllegalStateException(this + " is a field, not a method");
        }
    }

    /** Whether {@code insn} calls this method or constructor, as {@link #invoke} would. */
    public boolean isCalledBy(AbstractInsnNode insn) {
        if (!(insn instanceof MethodInsnNode)) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        return call.getOpcode() == invoke().getOpcode() && call.owner.equals(owner) && call.name.equals(name)
                && call.desc.equals(descriptor);
    }

    /** A static method as the bootstrap method of an {@code invokedynamic}. */
    public org.objectweb.asm.Handle handle() {
        if (kind != Kind.STATIC_METHOD) {
            throw new IllegalStateException(this + " is not a static method");
        }
        return new org.objectweb.asm.Handle(Opcodes.H_INVOKESTATIC, owner, name, descriptor, false);
    }

    /** The read of a field. */
    public AbstractInsnNode get() {
        return new FieldInsnNode(field(Opcodes.GETFIELD, Opcodes.GETSTATIC), owner, name, descriptor);
    }

    /** The write of an instance field. */
    public AbstractInsnNode put() {
        return new FieldInsnNode(field(Opcodes.PUTFIELD, Opcodes.PUTSTATIC), owner, name, descriptor);
    }

    private int field(int instanceOpcode, int staticOpcode) {
        if (kind == Kind.FIELD) {
            return instanceOpcode;
        }
        if (kind == Kind.STATIC_FIELD) {
            return staticOpcode;
        }
        throw new IllegalStateException(this + " is a method, not a field");
    }

    @Override
    public String toString() {
        return kind + " " + owner.replace('/', '.') + "." + name + " " + descriptor;
    }
}
