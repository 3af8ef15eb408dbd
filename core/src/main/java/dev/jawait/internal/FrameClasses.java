package dev.jawait.internal;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;

/**
 * Makes the frames of rewritten methods. Each suspend path of a rewritten method creates its call's frame with an
 * {@code invokedynamic} bootstrapped here, whose arguments are the name of the method's frame class, the class file
 * itself (its bytes as the chars of a string) and its shape (a digest of what it is made from). The class is looked
 * up first (the Maven plugin and the command line write it beside the rewritten class), else defined in the rewritten
 * class's package and loader: a Java agent can only hand back the class it was given, so the frame class comes into
 * being at the method's first suspension, never before. A call that never suspends never loads it.
 */
public final class FrameClasses {
    /**
     * The frame class's constant holding its shape (written by the transformer's {@code FrameClass}; the name is its
     * {@code RuntimeContract.FRAME_SHAPE_FIELD}, which a test holds equal to this).
     */
    private static final String SHAPE_FIELD = "jawait$shape";

    private FrameClasses() {
    }

    /** The bootstrap: a call site whose target makes a new frame of {@code frameClass}. */
    public static CallSite newFrame(MethodHandles.Lookup caller, String name, MethodType type, String frameClass,
            String classFile, String shape) throws ReflectiveOperationException {
        Class<?> frame = frameClass(caller, frameClass, classFile);
        checkShape(caller, frame, shape);
        return new ConstantCallSite(caller.findConstructor(frame, MethodType.methodType(void.class)).asType(type));
    }

    /**
     * The bootstrap of classes rewritten before frame classes carried their shape (format 3 as first written, never
     * released, with no frame class files written): the class is defined from the constant, as then.
     */
    public static CallSite newFrame(MethodHandles.Lookup caller, String name, MethodType type, String frameClass,
            String classFile) throws ReflectiveOperationException {
        Class<?> frame = frameClass(caller, frameClass, classFile);
        return new ConstantCallSite(caller.findConstructor(frame, MethodType.methodType(void.class)).asType(type));
    }

    /**
     * A frame class file that an earlier build wrote for another version of the method, left in the output folder,
     * would be found first and would not fit the rewritten code: fail the call, saying so, rather than run it. So
     * would a class of the program's own that has the frame class's name (a build refuses to overwrite such a class,
     * but one compiled later, or one named as the agent names its frame classes, is found here).
     */
    private static void checkShape(MethodHandles.Lookup caller, Class<?> frame, String shape)
            throws ReflectiveOperationException {
        Object found;
        try {
            found = caller.findStaticGetter(frame, SHAPE_FIELD, String.class).invoke();
        } catch (NoSuchFieldException none) {
            found = null;
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
        if (found == null && !CallFrame.class.isAssignableFrom(frame)) {
            throw new IllegalStateException("jawait: " + caller.lookupClass().getName() + " cannot make the frames of"
                    + " its suspending calls: their class would be " + frame.getName() + ", and a class of the"
                    + " program's own has that name (" + where(frame) + "); rename that class");
        }
        if (!shape.equals(found)) {
            throw new IllegalStateException("jawait: the frame class " + frame.getName() + " that "
                    + caller.lookupClass().getName() + " found (" + where(frame) + ") was written for another version"
                    + " of that class, by an earlier build; rebuild it (for example mvn clean verify) so that the"
                    + " rewritten class and its frame class files come from the same build");
        }
    }

    private static String where(Class<?> frame) {
        java.security.CodeSource source = frame.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "in " + frame.getClassLoader()
                : "in " + source.getLocation();
    }

    private static Class<?> frameClass(MethodHandles.Lookup caller, String frameClass, String classFile)
            throws ReflectiveOperationException {
        try {
            return caller.findClass(frameClass);
        } catch (ClassNotFoundException notWritten) {
            try {
                return caller.defineClass(classFile.getBytes(StandardCharsets.ISO_8859_1));
            } catch (LinkageError refused) {
                try {
                    return caller.findClass(frameClass); // another suspend path, on another thread, defined it first
                } catch (ClassNotFoundException notThatCase) {
                    throw refused;
                }
            }
        }
    }
}
