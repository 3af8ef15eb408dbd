package dev.jawait.transform.internal.pass;

import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RuntimeContract;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The frame class of one rewritten method, as Kotlin writes a continuation class per suspend function: a final
 * subclass of the runtime's {@code CallFrame}, in the method's package, with one field per slot its awaits spill into
 * ({@code i0}, {@code j0}, {@code l0}..., typed by {@link SlotKind}), and two methods, one re-entering the method's
 * resume body and one naming the method for async stack traces, so that neither costs a field per call.
 *
 * <p>The class file travels inside the rewritten class, as a constant of the invokedynamic that creates frames
 * ({@code FrameClasses.newFrame}), which defines the class at the first suspension: a Java agent can return only the
 * class it was given.
 */
final class FrameClass {
    private FrameClass() {
    }

    /**
     * The class file of {@code frameClass}, whose frames resume {@code owner}'s static {@code body}, for class files of
     * {@code version}.
     */
    static byte[] write(int version, String frameClass, String owner, boolean ownerIsInterface, String sourceFile,
            String bodyName, String bodyDesc, Map<SlotKind, Integer> slots, String site) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(version, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, frameClass, null,
                Names.FRAME, null);
        if (sourceFile != null) {
            writer.visitSource(sourceFile, null);
        }
        for (SlotKind kind : SlotKind.values()) {
            for (int slot = 0; slot < slots.getOrDefault(kind, 0); slot++) {
                writer.visitField(0, kind.field(slot), kind.descriptor(), null, null).visitEnd();
            }
        }

        MethodVisitor init = writer.visitMethod(0, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, Names.FRAME, RuntimeContract.FRAME_INIT.name(),
                RuntimeContract.FRAME_INIT.descriptor(), false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        // The body takes the receiver (if any) and the arguments, unused when resuming, then the frame.
        MethodVisitor resume = writer.visitMethod(Opcodes.ACC_PUBLIC, RuntimeContract.FRAME_RESUME_BODY.name(),
                RuntimeContract.FRAME_RESUME_BODY.descriptor(), null, null);
        resume.visitCode();
        Type[] parameters = Type.getArgumentTypes(bodyDesc);
        for (int i = 0; i < parameters.length - 1; i++) {
            resume.visitInsn(zeroOf(parameters[i]));
        }
        resume.visitVarInsn(Opcodes.ALOAD, 0);
        resume.visitMethodInsn(Opcodes.INVOKESTATIC, owner, bodyName, bodyDesc, ownerIsInterface);
        resume.visitInsn(Opcodes.ARETURN);
        resume.visitMaxs(0, 0);
        resume.visitEnd();

        MethodVisitor where = writer.visitMethod(Opcodes.ACC_PUBLIC, RuntimeContract.FRAME_SITE.name(),
                RuntimeContract.FRAME_SITE.descriptor(), null, null);
        where.visitCode();
        where.visitLdcInsn(site);
        where.visitInsn(Opcodes.ARETURN);
        where.visitMaxs(0, 0);
        where.visitEnd();

        writer.visitEnd();
        return writer.toByteArray();
    }

    /** The class file as a string constant: one char per byte, for the invokedynamic's bootstrap arguments. */
    static String asConstant(byte[] classFile) {
        return new String(classFile, StandardCharsets.ISO_8859_1);
    }

    private static int zeroOf(Type type) {
        switch (type.getSort()) {
            case Type.LONG:
                return Opcodes.LCONST_0;
            case Type.FLOAT:
                return Opcodes.FCONST_0;
            case Type.DOUBLE:
                return Opcodes.DCONST_0;
            case Type.OBJECT:
            case Type.ARRAY:
                return Opcodes.ACONST_NULL;
            default:
                return Opcodes.ICONST_0;
        }
    }
}
