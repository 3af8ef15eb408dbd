package dev.jawait.transform.internal.scan;

import dev.jawait.transform.ClassHierarchy;
import dev.jawait.transform.Diagnostic;
import dev.jawait.transform.TypeNotFoundException;
import dev.jawait.transform.internal.MethodDescriptions;
import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.SourceLines;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Finds the methods of a class to rewrite, and reports the misuses that keep a method from being rewritten: await
 * outside {@code @Async}, {@code @Async} on a constructor or on a method that does not return a stage, await in a
 * {@code synchronized} method, and method references to {@code Await::await}.
 */
public final class AsyncMethodFinder {
    private final ClassNode owner;
    private final ClassHierarchy hierarchy;
    private final List<Diagnostic> diagnostics;

    public AsyncMethodFinder(ClassNode owner, ClassHierarchy hierarchy, List<Diagnostic> diagnostics) {
        this.owner = owner;
        this.hierarchy = hierarchy;
        this.diagnostics = diagnostics;
    }

    public List<AsyncMethod> find() {
        List<AsyncMethod> found = new ArrayList<>();
        for (MethodNode method : owner.methods) {
            AsyncMethod asyncMethod = classify(method);
            if (asyncMethod != null) {
                found.add(asyncMethod);
            }
        }
        return found;
    }

    private AsyncMethod classify(MethodNode method) {
        if ((method.access & Opcodes.ACC_BRIDGE) != 0) {
            return null; // javac copies @Async onto the bridge, which only calls the method it is the bridge of
        }
        List<MethodInsnNode> awaits = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (isAwaitCall(insn)) {
                awaits.add((MethodInsnNode) insn);
            } else if (insn instanceof InvokeDynamicInsnNode && referencesAwait((InvokeDynamicInsnNode) insn)) {
                error(method, SourceLines.lineOf(insn), "a method reference to Await::await cannot suspend the"
                        + " method that calls it; call await(...) directly in an @dev.jawait.Async method or lambda");
            }
        }
        boolean annotated = hasAsyncAnnotation(method);
        String where = describe(method);
        if (annotated && (method.name.equals("<init>") || method.name.equals("<clinit>"))) {
            error(method, SourceLines.firstLine(method), "@dev.jawait.Async cannot mark a constructor or"
                    + " initializer (" + where + "); move the asynchronous work to an @dev.jawait.Async method");
            return null;
        }
        if (annotated) {
            if (!returnsStage(method)) {
                error(method, SourceLines.firstLine(method), "@dev.jawait.Async method " + where + " returns "
                        + Type.getReturnType(method.desc).getClassName() + "; an @dev.jawait.Async method must return"
                        + " CompletionStage, CompletableFuture or a subtype of CompletionStage");
                return null;
            }
            if ((method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                return null;
            }
            return checkSynchronized(method, awaits, where) ? new AsyncMethod(method, awaits, false) : null;
        }
        if (awaits.isEmpty()) {
            return null;
        }
        if (isLambdaBody(method)) {
            if (returnsStage(method)) {
                return checkSynchronized(method, awaits, where) ? new AsyncMethod(method, awaits, true) : null;
            }
            for (MethodInsnNode await : awaits) {
                error(method, SourceLines.lineOf(await), "await in the " + where + ", whose function returns "
                        + Type.getReturnType(method.desc).getClassName() + "; only a lambda that returns a"
                        + " CompletionStage can suspend (for example a Supplier<CompletableFuture<T>>)");
            }
            return null;
        }
        boolean initializer = method.name.equals("<init>") || method.name.equals("<clinit>");
        for (MethodInsnNode await : awaits) {
            error(method, SourceLines.lineOf(await), initializer
                    ? "await in " + where + ", a constructor or initializer, which cannot suspend; move the await"
                            + " to an @dev.jawait.Async method (a static factory, say) and pass its value in"
                    : "await in " + where + ", which is not @dev.jawait.Async; annotate it @dev.jawait.Async and"
                            + " return a CompletableFuture (or CompletionStage)");
        }
        return null;
    }

    private boolean checkSynchronized(MethodNode method, List<MethodInsnNode> awaits, String where) {
        if ((method.access & Opcodes.ACC_SYNCHRONIZED) == 0 || awaits.isEmpty()) {
            return true;
        }
        for (MethodInsnNode await : awaits) {
            error(method, SourceLines.lineOf(await), "await in synchronized method " + where + "; a monitor belongs"
                    + " to a thread and cannot be held across a suspension (use an async lock, or await outside"
                    + " the synchronized code)");
        }
        return false;
    }

    private boolean returnsStage(MethodNode method) {
        try {
            return returnsStage(method, hierarchy);
        } catch (TypeNotFoundException e) {
            error(method, SourceLines.firstLine(method), "cannot tell whether " + describe(method) + " returns a"
                    + " CompletionStage: " + e.getMessage());
            return false;
        }
    }

    /**
     * Whether {@code method} returns {@code CompletionStage}, {@code CompletableFuture} or a subtype.
     *
     * @throws TypeNotFoundException if its return type's class file cannot be found
     */
    public static boolean returnsStage(MethodNode method, ClassHierarchy hierarchy) {
        Type returnType = Type.getReturnType(method.desc);
        if (returnType.getSort() != Type.OBJECT) {
            return false;
        }
        String name = returnType.getInternalName();
        return name.equals(Names.COMPLETION_STAGE) || name.equals(Names.COMPLETABLE_FUTURE)
                || hierarchy.isAssignable(Names.COMPLETION_STAGE, name);
    }

    private static boolean isLambdaBody(MethodNode method) {
        return MethodDescriptions.isLambdaBody(method);
    }

    public static boolean isAwaitCall(AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKESTATIC) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        return call.owner.equals(Names.AWAIT) && call.name.equals(Names.AWAIT_METHOD)
                && (call.desc.equals(Names.AWAIT_DESC) || call.desc.equals(Names.AWAIT_CHECKED_DESC));
    }

    private static boolean referencesAwait(InvokeDynamicInsnNode insn) {
        for (Object arg : insn.bsmArgs) {
            if (arg instanceof Handle && ((Handle) arg).getOwner().equals(Names.AWAIT)
                    && ((Handle) arg).getName().equals(Names.AWAIT_METHOD)) {
                return true;
            }
        }
        return false;
    }

    public static boolean hasAsyncAnnotation(MethodNode method) {
        return contains(method.invisibleAnnotations) || contains(method.visibleAnnotations);
    }

    private static boolean contains(List<AnnotationNode> annotations) {
        if (annotations != null) {
            for (AnnotationNode annotation : annotations) {
                if (annotation.desc.equals(Names.ASYNC_DESC)) {
                    return true;
                }
            }
        }
        return false;
    }

    private String describe(MethodNode method) {
        return MethodDescriptions.describe(owner, method);
    }

    private void error(MethodNode method, int line, String message) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, owner.name, method.name, owner.sourceFile, line,
                message));
    }
}
