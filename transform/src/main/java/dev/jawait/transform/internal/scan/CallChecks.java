package dev.jawait.transform.internal.scan;

import dev.jawait.transform.Check;
import dev.jawait.transform.ClassHierarchy;
import dev.jawait.transform.Diagnostic;
import dev.jawait.transform.TransformOptions;
import dev.jawait.transform.TypeNotFoundException;
import dev.jawait.transform.internal.Instructions;
import dev.jawait.transform.internal.MethodDescriptions;
import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.SourceLines;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The build-time checks of an async method's calls: futures that are dropped ({@link Check#NEVER_AWAITED}), calls
 * that block the thread ({@link Check#BLOCKING_CALL}), and awaits whose cancellation a {@code catch} of another
 * exception would take ({@link Check#CANCELLATION_CAUGHT}). They only report; the method is rewritten all the same.
 */
public final class CallChecks {
    private static final String SUPPRESS_DESC = "Ldev/jawait/SuppressChecks;";
    private static final String CANCELLATION = "java/util/concurrent/CancellationException";
    private static final String ILLEGAL_STATE = "java/lang/IllegalStateException";
    private final ClassNode owner;
    private final ClassHierarchy hierarchy;
    private final TransformOptions options;
    private final List<Diagnostic> diagnostics;
    /** Where the findings of checks that are off go, for the marker only; null: they are not looked for. */
    private final List<Diagnostic> unreported;

    public CallChecks(ClassNode owner, ClassHierarchy hierarchy, TransformOptions options,
            List<Diagnostic> diagnostics) {
        this(owner, hierarchy, options, diagnostics, null);
    }

    /**
     * Checks that also collect, in {@code unreported}, the findings of the checks that are {@code off}: a rewritten
     * class keeps them in its marker, so that a later build that turns the check on reports them without a recompile.
     */
    public CallChecks(ClassNode owner, ClassHierarchy hierarchy, TransformOptions options,
            List<Diagnostic> diagnostics, List<Diagnostic> unreported) {
        this.owner = owner;
        this.hierarchy = hierarchy;
        this.options = options;
        this.diagnostics = diagnostics;
        this.unreported = unreported;
    }

    public void check(AsyncMethod asyncMethod) {
        MethodNode method = asyncMethod.method();
        Set<String> suppressed = suppressedChecks(method);
        boolean neverAwaited = isOn(Check.NEVER_AWAITED, suppressed);
        boolean blocking = isOn(Check.BLOCKING_CALL, suppressed);
        if (isOn(Check.CANCELLATION_CAUGHT, suppressed)) {
            checkCatchesOfCancellation(asyncMethod);
        }
        for (AbstractInsnNode insn : method.instructions) {
            if (!(insn instanceof MethodInsnNode)) {
                continue;
            }
            MethodInsnNode call = (MethodInsnNode) insn;
            if (neverAwaited && isDropped(call) && returnsStage(call) && !registersACallback(call)
                    && !isObservedElsewhere(call)) {
                report(Check.NEVER_AWAITED, method, call, "the future returned by " + describe(call)
                        + " is dropped in " + where(method) + ": await it, store it or return it; a failure of a"
                        + " dropped future is never seen");
            }
            String alternative = blocking ? blockingAlternative(call) : null;
            if (alternative != null) {
                report(Check.BLOCKING_CALL, method, call, describe(call) + " blocks the thread in "
                        + asyncWhere(method) + ", and with it every task of an event loop; " + alternative);
            }
        }
    }

    /**
     * A method that is not async (an {@code HttpHandler}'s {@code handle}, a {@code main}) and drops the future of an
     * {@code @Async} call: nobody will see that call fail, and the caller (an HTTP client, say) may wait forever.
     */
    public void checkPlain(MethodNode method) {
        if (!isOn(Check.NEVER_AWAITED, suppressedChecks(method))) {
            return;
        }
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode && isDropped((MethodInsnNode) insn)) {
                MethodInsnNode call = (MethodInsnNode) insn;
                if (returnsStage(call) && hierarchy.isAsyncMethod(call.owner, call.name, call.desc)) {
                    report(Check.NEVER_AWAITED, method, call, "the future of the @dev.jawait.Async call "
                            + describe(call) + " is dropped in " + where(method) + ", which is not async: a failure"
                            + " of that call is never handled; return the future, or handle its outcome"
                            + " (whenComplete, exceptionally)");
                }
            }
        }
    }

    /**
     * {@code CancellationException} extends {@code IllegalStateException}, so a {@code catch (IllegalStateException)}
     * around an await also takes the cancellation delivered there, and a task asked to stop goes on. Reported once per
     * catch, at its first await. Not reported: a catch of {@code CancellationException} that comes first (the JVM
     * tries catches in order, an inner {@code try}'s first), and catches of {@code RuntimeException}, {@code
     * Exception} or {@code Throwable}, which take everything on purpose (and which try-with-resources emits).
     */
    private void checkCatchesOfCancellation(AsyncMethod asyncMethod) {
        MethodNode method = asyncMethod.method();
        Set<LabelNode> reported = new HashSet<>();
        for (MethodInsnNode await : asyncMethod.awaits()) {
            TryCatchBlockNode taker = catchTakingCancellation(method, await);
            if (taker != null && taker.type.equals(ILLEGAL_STATE) && reported.add(taker.handler)) {
                report(Check.CANCELLATION_CAUGHT, method, await, "the catch (IllegalStateException) at line "
                        + SourceLines.lineAt(taker.handler) + " in " + asyncWhere(method) + " also catches the"
                        + " cancellation of this await (CancellationException extends IllegalStateException), and"
                        + " the task goes on instead of stopping; catch CancellationException before it and rethrow"
                        + " it, or catch a narrower exception");
            }
        }
    }

    /** The first catch, in the order the JVM tries them, that a cancellation thrown at {@code await} lands in. */
    private TryCatchBlockNode catchTakingCancellation(MethodNode method, AbstractInsnNode await) {
        int at = method.instructions.indexOf(await);
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            boolean covers = method.instructions.indexOf(block.start) <= at
                    && at < method.instructions.indexOf(block.end);
            // A finally (no type) runs and rethrows: the cancellation goes on to the next catch.
            if (covers && block.type != null && isSubtype(block.type, CANCELLATION)) {
                return block;
            }
        }
        return null;
    }

    private boolean isOn(Check check, Set<String> suppressed) {
        return (options.level(check) != Check.Level.OFF || unreported != null) && !suppressed.contains(check.id());
    }

    private void report(Check check, MethodNode method, MethodInsnNode call, String message) {
        Check.Level level = options.level(check);
        Diagnostic.Severity severity = level == Check.Level.ERROR ? Diagnostic.Severity.ERROR
                : Diagnostic.Severity.WARNING;
        (level == Check.Level.OFF ? unreported : diagnostics).add(new Diagnostic(severity, owner.name, method.name,
                owner.sourceFile, SourceLines.lineOf(call), "[" + check.id() + "] " + message
                        + " (@SuppressChecks(\"" + check.id() + "\") if that is intended)", check));
    }

    /** javac discards an unused result with POP right after the call. */
    private static boolean isDropped(MethodInsnNode call) {
        AbstractInsnNode next = Instructions.next(call);
        return next != null && next.getOpcode() == Opcodes.POP;
    }

    private boolean returnsStage(MethodInsnNode call) {
        Type returned = Type.getReturnType(call.desc);
        return returned.getSort() == Type.OBJECT && isSubtype(Names.COMPLETION_STAGE, returned.getInternalName());
    }

    /** {@code future.whenComplete(callback)}: the dependent stage is routinely dropped in callback-style code. */
    private static boolean registersACallback(MethodInsnNode call) {
        return call.getOpcode() != Opcodes.INVOKESTATIC
                && (call.owner.equals(Names.COMPLETION_STAGE) || call.owner.equals(Names.COMPLETABLE_FUTURE));
    }

    /** {@code group.spawn(task)}: the task group awaits its tasks and reports their failures itself. */
    private static boolean isObservedElsewhere(MethodInsnNode call) {
        return call.owner.equals("dev/jawait/TaskGroup") && call.name.equals("spawn");
    }

    private String blockingAlternative(MethodInsnNode call) {
        for (Map.Entry<String, String> entry : options.blockingCalls().entrySet()) {
            String ownerAndMethod = entry.getKey();
            int hash = ownerAndMethod.indexOf('#');
            String blockingOwner = ownerAndMethod.substring(0, hash).replace('.', '/');
            // Object has no static methods: a static call named wait (Tasks.wait) is not Object.wait.
            boolean staticCallOfObject = call.getOpcode() == Opcodes.INVOKESTATIC && blockingOwner.equals(Names.OBJECT);
            if (call.name.equals(ownerAndMethod.substring(hash + 1)) && !staticCallOfObject
                    && isSubtype(blockingOwner, call.owner)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private boolean isSubtype(String type, String candidate) {
        if (type.equals(candidate)) {
            return true;
        }
        if (candidate.startsWith("[")) {
            return false;
        }
        try {
            return hierarchy.isAssignable(type, candidate);
        } catch (TypeNotFoundException unknown) {
            return false; // a class missing from the class path cannot be judged; checks stay quiet about it
        }
    }

    /** From the method's or the class's {@code @SuppressChecks}; a lambda's come from the method it is in. */
    private Set<String> suppressedChecks(MethodNode method) {
        Set<String> suppressed = new HashSet<>();
        addSuppressed(owner.invisibleAnnotations, suppressed);
        addSuppressed(method.invisibleAnnotations, suppressed);
        if (method.name.startsWith("lambda$")) {
            String[] parts = method.name.split("\\$");
            for (MethodNode enclosing : owner.methods) {
                if (parts.length > 2 && enclosing.name.equals(parts[1])) {
                    addSuppressed(enclosing.invisibleAnnotations, suppressed);
                }
            }
        }
        return suppressed;
    }

    private static void addSuppressed(List<AnnotationNode> annotations, Set<String> suppressed) {
        if (annotations == null) {
            return;
        }
        for (AnnotationNode annotation : annotations) {
            if (annotation.desc.equals(SUPPRESS_DESC) && annotation.values != null) {
                for (int i = 0; i + 1 < annotation.values.size(); i += 2) {
                    if (annotation.values.get(i).equals("value")) {
                        for (Object id : (List<?>) annotation.values.get(i + 1)) {
                            suppressed.add((String) id);
                        }
                    }
                }
            }
        }
    }

    private static String describe(MethodInsnNode call) {
        String owner = call.owner.substring(call.owner.lastIndexOf('/') + 1).replace('$', '.');
        return owner + "." + call.name + "()";
    }

    /** {@code async method X.m()}, or {@code async lambda in X.m (X.java:42)}. */
    private String asyncWhere(MethodNode method) {
        return (MethodDescriptions.isLambdaBody(method) ? "async " : "async method ") + where(method);
    }

    private String where(MethodNode method) {
        return MethodDescriptions.describe(owner, method);
    }
}
