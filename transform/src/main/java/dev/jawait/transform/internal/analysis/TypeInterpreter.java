package dev.jawait.transform.internal.analysis;

import dev.jawait.transform.ClassHierarchy;
import dev.jawait.transform.internal.Names;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * Tracks the exact verifier type of every reference (as {@code ClassWriter.COMPUTE_FRAMES} will see it), and which
 * values are objects whose constructor has not run yet. Unlike ASM's {@code SimpleVerifier}, it merges types from
 * class files through {@link ClassHierarchy} and never loads a class; it does not verify.
 */
public final class TypeInterpreter extends BasicInterpreter {
    private static final Type OBJECT = Type.getObjectType(Names.OBJECT);
    private final ClassHierarchy hierarchy;

    public TypeInterpreter(ClassHierarchy hierarchy) {
        super(Names.ASM_API);
        this.hierarchy = hierarchy;
    }

    public static boolean isReference(BasicValue value) {
        Type type = value.getType();
        return type != null && (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY);
    }

    public static boolean isNull(BasicValue value) {
        return NULL_TYPE.equals(value.getType());
    }

    @Override
    public BasicValue newValue(Type type) {
        if (type != null && (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY)) {
            return new BasicValue(type);
        }
        return super.newValue(type);
    }

    @Override
    public BasicValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.NEW) {
            return new NewValue(Type.getObjectType(((TypeInsnNode) insn).desc), insn);
        }
        return super.newOperation(insn);
    }

    @Override
    public BasicValue binaryOperation(AbstractInsnNode insn, BasicValue array, BasicValue index)
            throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.AALOAD) {
            Type type = array.getType();
            if (type != null && type.getSort() == Type.ARRAY) {
                return newValue(Type.getType(type.getDescriptor().substring(1)));
            }
            return newValue(isNull(array) ? NULL_TYPE : OBJECT);
        }
        return super.binaryOperation(insn, array, index);
    }

    @Override
    public BasicValue merge(BasicValue a, BasicValue b) {
        if (a == b) {
            return a;
        }
        if (a instanceof NewValue || b instanceof NewValue) {
            return a.equals(b) ? a : BasicValue.UNINITIALIZED_VALUE;
        }
        if (a.equals(b)) {
            return a;
        }
        if (!isReference(a) || !isReference(b)) {
            return BasicValue.UNINITIALIZED_VALUE;
        }
        if (isNull(a)) {
            return b;
        }
        if (isNull(b)) {
            return a;
        }
        return newValue(commonSuperType(a.getType(), b.getType()));
    }

    private Type commonSuperType(Type a, Type b) {
        boolean arrayA = a.getSort() == Type.ARRAY;
        boolean arrayB = b.getSort() == Type.ARRAY;
        if (!arrayA && !arrayB) {
            return Type.getObjectType(hierarchy.commonSuperClass(a.getInternalName(), b.getInternalName()));
        }
        if (!arrayA || !arrayB) {
            return OBJECT;
        }
        Type elementA = a.getElementType();
        Type elementB = b.getElementType();
        boolean objectsA = elementA.getSort() == Type.OBJECT;
        boolean objectsB = elementB.getSort() == Type.OBJECT;
        if (a.getDimensions() == b.getDimensions() && objectsA && objectsB) {
            String common = hierarchy.commonSuperClass(elementA.getInternalName(), elementB.getInternalName());
            return Type.getType("[".repeat(a.getDimensions()) + "L" + common + ";");
        }
        int dimensions = Math.min(a.getDimensions() - (objectsA ? 0 : 1), b.getDimensions() - (objectsB ? 0 : 1));
        return dimensions > 0 ? Type.getType("[".repeat(dimensions) + "Ljava/lang/Object;") : OBJECT;
    }
}
