package dev.jawait.internal;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;

/**
 * Makes the frames of rewritten methods. Each suspend path of a rewritten method creates its call's frame with an
 * {@code invokedynamic} bootstrapped here, whose arguments are the name of the method's frame class and the class
 * file itself (its bytes as the chars of a string). The class is looked up first (the Maven plugin and the command line
 * write it beside the rewritten class), else defined in the rewritten class's package and loader: a Java agent can
 * only hand back the class it was given, so the frame class comes into being at the method's first suspension, never
 * before. A call that never suspends never loads it.
 */
public final class FrameClasses {
    private FrameClasses() {
    }

    /** The bootstrap: a call site whose target makes a new frame of {@code frameClass}. */
    public static CallSite newFrame(MethodHandles.Lookup caller, String name, MethodType type, String frameClass,
            String classFile) throws ReflectiveOperationException {
        Class<?> frame = frameClass(caller, frameClass, classFile);
        return new ConstantCallSite(caller.findConstructor(frame, MethodType.methodType(void.class)).asType(type));
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
