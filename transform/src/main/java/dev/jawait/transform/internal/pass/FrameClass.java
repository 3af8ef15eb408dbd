package dev.jawait.transform.internal.pass;

import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RuntimeContract;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The frame class of one rewritten method, as Kotlin writes a continuation class per suspend function: a final
 * subclass of the runtime's {@code CallFrame}, in the method's package, with one field per slot its awaits spill into
 * (typed by {@link SlotKind}, named by {@link FrameLayout}), and three methods: one re-entering the method's resume
 * body, one naming the method for async stack traces and the task dump, so that neither costs a field per call, and
 * one reading a field by its number, for the task dump.
 *
 * <p>The class file travels inside the rewritten class, as a constant of the invokedynamic that creates frames
 * ({@code FrameClasses.newFrame}), which defines the class at the first suspension: a Java agent can return only the
 * class it was given. A build (the Maven plugin, the command line) also writes it beside the rewritten class; then it
 * is loaded like any class, provided its shape constant ({@link RuntimeContract#FRAME_SHAPE_FIELD}) matches, so that
 * a file an earlier build left behind for another version of the method is never taken for this one.
 */
final class FrameClass {
    /** The class file. */
    final byte[] bytes;
    /** Its shape constant: a digest of everything the class is made from. */
    final String shape;
    private String constant;

    private FrameClass(byte[] bytes, String shape) {
        this.bytes = bytes;
        this.shape = shape;
    }

    /**
     * The class file of {@code frameClass}, whose frames resume {@code owner}'s static {@code body}, for class files of
     * {@code version}.
     */
    static FrameClass write(int version, String frameClass, String owner, boolean ownerIsInterface, String sourceFile,
            String bodyName, String bodyDesc, FrameLayout layout, String site) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(version, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, frameClass, null,
                Names.FRAME, null);
        if (sourceFile != null) {
            writer.visitSource(sourceFile, null);
        }
        List<String> fields = layout.fieldsInOrder();
        List<SlotKind> kinds = layout.kindsInOrder();
        for (int i = 0; i < fields.size(); i++) {
            writer.visitField(0, fields.get(i), kinds.get(i).descriptor(), null, null).visitEnd();
        }
        String shape = shape(version, frameClass, owner, sourceFile, bodyName, bodyDesc, fields, kinds, site);
        writer.visitField(Opcodes.ACC_STATIC | Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC,
                RuntimeContract.FRAME_SHAPE_FIELD, "Ljava/lang/String;", null, shape).visitEnd();

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

        writeSpilledValue(writer, frameClass, fields, kinds);
        writer.visitEnd();
        return new FrameClass(writer.toByteArray(), shape);
    }

    /** {@code spilledValue(n)}: field number {@code n}, boxed; null for a number no field has. */
    private static void writeSpilledValue(ClassWriter writer, String frameClass, List<String> fields,
            List<SlotKind> kinds) {
        MethodVisitor read = writer.visitMethod(Opcodes.ACC_PUBLIC, RuntimeContract.FRAME_SPILLED_VALUE.name(),
                RuntimeContract.FRAME_SPILLED_VALUE.descriptor(), null, null);
        read.visitCode();
        Label none = new Label();
        if (!fields.isEmpty()) {
            Label[] cases = new Label[fields.size()];
            for (int i = 0; i < cases.length; i++) {
                cases[i] = new Label();
            }
            read.visitVarInsn(Opcodes.ILOAD, 1);
            read.visitTableSwitchInsn(0, cases.length - 1, none, cases);
            for (int i = 0; i < cases.length; i++) {
                read.visitLabel(cases[i]);
                read.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
                read.visitVarInsn(Opcodes.ALOAD, 0);
                read.visitFieldInsn(Opcodes.GETFIELD, frameClass, fields.get(i), kinds.get(i).descriptor());
                if (kinds.get(i) == SlotKind.INT) {
                    read.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "valueOf",
                            "(I)Ljava/lang/Integer;", false);
                } else if (kinds.get(i) == SlotKind.LONG) {
                    read.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Long", "valueOf", "(J)Ljava/lang/Long;",
                            false);
                }
                read.visitInsn(Opcodes.ARETURN);
            }
            read.visitLabel(none);
            read.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        }
        read.visitInsn(Opcodes.ACONST_NULL);
        read.visitInsn(Opcodes.ARETURN);
        read.visitMaxs(0, 0);
        read.visitEnd();
    }

    /** A digest of everything the class is made from: two frame classes of one name with equal shapes are equal. */
    private static String shape(int version, String frameClass, String owner, String sourceFile, String bodyName,
            String bodyDesc, List<String> fields, List<SlotKind> kinds, String site) {
        StringBuilder input = new StringBuilder().append(version).append('\n').append(frameClass).append('\n')
                .append(owner).append('\n').append(sourceFile).append('\n').append(bodyName).append(bodyDesc)
                .append('\n').append(site).append('\n').append(Names.FORMAT_VERSION);
        for (int i = 0; i < fields.size(); i++) {
            input.append('\n').append(fields.get(i)).append(' ').append(kinds.get(i).descriptor());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    input.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The class file as a string constant: one char per byte, for the invokedynamic's bootstrap arguments. */
    String asConstant() {
        if (constant == null) {
            constant = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return constant;
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
