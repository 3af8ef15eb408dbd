package dev.jawait.transform.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * How messages name a method. A lambda body is named by the method it is written in and its source line ({@code
 * lambda in com.example.Service.handle (Service.java:42)}): its synthetic name ({@code lambda$handle$0}) is the
 * compiler's, appears nowhere in the source, and differs between javac and ecj.
 */
public final class MethodDescriptions {
    private MethodDescriptions() {
    }

    /** {@code com.example.Service.handle()}, or a lambda's description. */
    public static String describe(ClassNode owner, MethodNode method) {
        String className = owner.name.replace('/', '.');
        if (!isLambdaBody(method)) {
            return className + "." + method.name + "()";
        }
        return lambda(owner, method, className);
    }

    /** For the "rewrote" lines: {@code com.example.Service.handle(descriptor)}, or a lambda's description. */
    public static String signature(ClassNode owner, MethodNode method) {
        String className = owner.name.replace('/', '.');
        return isLambdaBody(method) ? lambda(owner, method, className) : className + "." + method.name + method.desc;
    }

    public static boolean isLambdaBody(MethodNode method) {
        return (method.access & Opcodes.ACC_SYNTHETIC) != 0 && method.name.startsWith("lambda$");
    }

    private static String lambda(ClassNode owner, MethodNode method, String className) {
        // javac: lambda$handle$0, lambda$new$0 (constructor), lambda$static$0 (static initializer); ecj: lambda$0.
        String[] parts = method.name.split("\\$");
        String enclosing = parts.length < 3 ? "" : parts[1].equals("new") ? ".<init>"
                : parts[1].equals("static") ? ".<clinit>" : "." + parts[1];
        int line = SourceLines.firstLine(method);
        String where = line < 0 ? "" : " (" + (owner.sourceFile != null ? owner.sourceFile + ":" : "line ") + line
                + ")";
        return "lambda in " + className + enclosing + where;
    }
}
