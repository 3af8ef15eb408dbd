package dev.jawait.transform.internal.pass;

import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RuntimeContract;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The three kinds of typed storage in an {@code AsyncFrame}: int slots (also boolean, byte, char, short, and float
 * by its raw bits), long slots (also double by its raw bits), and reference slots. The first slots of a kind are
 * fields ({@code i0}, {@code j0}, {@code l0}...), the rest elements of an overflow array ({@code moreI}...).
 */
enum SlotKind {
    INT("i", "I", Names.INT_FIELDS, Opcodes.IALOAD, Opcodes.IASTORE),
    LONG("j", "J", Names.LONG_FIELDS, Opcodes.LALOAD, Opcodes.LASTORE),
    REFERENCE("l", "Ljava/lang/Object;", Names.REF_FIELDS, Opcodes.AALOAD, Opcodes.AASTORE);

    private final String prefix;
    private final String descriptor;
    private final int fields;
    private final int arrayLoad;
    private final int arrayStore;

    SlotKind(String prefix, String descriptor, int fields, int arrayLoad, int arrayStore) {
        this.prefix = prefix;
        this.descriptor = descriptor;
        this.fields = fields;
        this.arrayLoad = arrayLoad;
        this.arrayStore = arrayStore;
    }

    static SlotKind of(Type type) {
        switch (type.getSort()) {
            case Type.LONG:
            case Type.DOUBLE:
                return LONG;
            case Type.OBJECT:
            case Type.ARRAY:
                return REFERENCE;
            default:
                return INT;
        }
    }

    /** Stack: ... → ... (the value is read from local {@code local} of type {@code type}). */
    void save(InsnList code, int frameLocal, int slot, Type type, int local) {
        code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        if (slot >= fields) {
            code.add(RuntimeContract.frameSlot(overflowArray(), "[" + descriptor).get());
            code.add(Ints.push(slot - fields));
        }
        code.add(new VarInsnNode(type.getOpcode(Opcodes.ILOAD), local));
        if (type.getSort() == Type.FLOAT) {
            code.add(new org.objectweb.asm.tree.MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float",
                    "floatToRawIntBits", "(F)I", false));
        } else if (type.getSort() == Type.DOUBLE) {
            code.add(new org.objectweb.asm.tree.MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double",
                    "doubleToRawLongBits", "(D)J", false));
        }
        if (slot >= fields) {
            code.add(new InsnNode(arrayStore));
        } else {
            code.add(RuntimeContract.frameSlot(prefix + slot, descriptor).put());
        }
    }

    /** Stack: ... → ..., value (of type {@code type}, checked to it for references). */
    void load(InsnList code, int frameLocal, int slot, Type type) {
        code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        if (slot >= fields) {
            code.add(RuntimeContract.frameSlot(overflowArray(), "[" + descriptor).get());
            code.add(Ints.push(slot - fields));
            code.add(new InsnNode(arrayLoad));
        } else {
            code.add(RuntimeContract.frameSlot(prefix + slot, descriptor).get());
        }
        if (type.getSort() == Type.FLOAT) {
            code.add(new org.objectweb.asm.tree.MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float",
                    "intBitsToFloat", "(I)F", false));
        } else if (type.getSort() == Type.DOUBLE) {
            code.add(new org.objectweb.asm.tree.MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double",
                    "longBitsToDouble", "(J)D", false));
        } else if (this == REFERENCE && !type.getInternalName().equals(Names.OBJECT)) {
            code.add(new org.objectweb.asm.tree.TypeInsnNode(Opcodes.CHECKCAST, type.getInternalName()));
        }
    }

    /** Stack: ... → ...; drops a reference slot's value so the frame keeps nothing alive it no longer needs. */
    void clear(InsnList code, int frameLocal, int slot) {
        code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        if (slot >= fields) {
            code.add(RuntimeContract.frameSlot(overflowArray(), "[" + descriptor).get());
            code.add(Ints.push(slot - fields));
            code.add(new InsnNode(Opcodes.ACONST_NULL));
            code.add(new InsnNode(arrayStore));
        } else {
            code.add(new InsnNode(Opcodes.ACONST_NULL));
            code.add(RuntimeContract.frameSlot(prefix + slot, descriptor).put());
        }
    }

    private String overflowArray() {
        return "more" + Character.toUpperCase(prefix.charAt(0));
    }
}
