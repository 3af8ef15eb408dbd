package dev.jawait.transform;

import dev.jawait.transform.internal.AsyncMethodRewriter;
import dev.jawait.transform.internal.ConstantPoolScan;
import dev.jawait.transform.internal.MethodDescriptions;
import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RewriteException;
import dev.jawait.transform.internal.SourceLines;
import dev.jawait.transform.internal.emit.HierarchyClassWriter;
import dev.jawait.transform.internal.pass.AwaitAsyncCloses;
import dev.jawait.transform.internal.pass.InnerEntries;
import dev.jawait.transform.internal.pass.LoadRuntimeEarly;
import dev.jawait.transform.internal.scan.AsyncMethod;
import dev.jawait.transform.internal.scan.AsyncMethodFinder;
import dev.jawait.transform.internal.scan.CallChecks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * Rewrites the {@code @Async} methods (and awaiting lambdas) of a class file into state machines. The one entry
 * point shared by the agent, the build plugin and the command line.
 *
 * <p>A class that does not mention jawait, or that was rewritten before, comes back unchanged (no bytes). A method
 * that cannot be rewritten is left as it was and reported as an error diagnostic; the rest of its class is still
 * rewritten. Instances are thread-safe if the hierarchy's locator is.
 */
public final class Transformer {
    private static final int JAVA_8 = Opcodes.V1_8;
    private final ClassHierarchy hierarchy;
    private final TransformOptions options;

    /** With {@link TransformOptions#defaults()}: every check a warning. */
    public Transformer(ClassHierarchy hierarchy) {
        this(hierarchy, TransformOptions.defaults());
    }

    public Transformer(ClassHierarchy hierarchy, TransformOptions options) {
        this.hierarchy = hierarchy;
        this.options = options;
    }

    public TransformResult transform(byte[] classFile) {
        return transform(classFile, null);
    }

    /**
     * Whether a class file may concern jawait at all (it names {@code Await} or {@code @Async}): a byte search, no
     * parsing, so that an agent can pass over the classes that do not, nearly all of them, at once.
     */
    public static boolean mayConcernJawait(byte[] classFile) {
        try {
            return ConstantPoolScan.mentionsJawait(classFile);
        } catch (RuntimeException unreadable) {
            return true; // let transform() report it
        }
    }

    /**
     * Like {@link #transform(byte[])}; {@code internalName} (from the file's path, or the class loader) names the
     * class in a diagnostic when the class file cannot even be read.
     */
    public TransformResult transform(byte[] classFile, String internalName) {
        String knownName = internalName != null ? internalName : "<unknown class>";
        try {
            if (!ConstantPoolScan.mentionsJawait(classFile)) {
                if (!options.everyClassChecked()) {
                    return new TransformResult(null, null, List.of(), List.of());
                }
                TransformResult plain = checkPlainMethodsOnly(classFile);
                if (plain != null) {
                    return plain;
                } // else it closes an AsyncCloseable, which the whole transformation reports or awaits
            }
        } catch (RuntimeException unreadable) {
            // A class file ASM cannot read (too new, truncated) that does contain jawait's names: never pass silently.
            return new TransformResult(internalName, null, List.of(), List.of(new Diagnostic(
                    Diagnostic.Severity.ERROR, knownName, "<class>", null, -1, "cannot read the class file of "
                            + knownName.replace('/', '.') + ", which uses jawait (" + unreadable
                            + "); it is left as it is")));
        }
        ClassNode owner = new ClassNode(Names.ASM_API);
        try {
            new ClassReader(classFile).accept(owner, ClassReader.SKIP_FRAMES);
        } catch (RuntimeException malformed) {
            String name = owner.name != null ? owner.name : knownName;
            return new TransformResult(owner.name, null, List.of(), List.of(new Diagnostic(Diagnostic.Severity.ERROR,
                    name, "<class>", owner.sourceFile, -1, "cannot read the class file of " + name.replace('/', '.')
                    + " (" + malformed + "); it is left as it is")));
        }
        AnnotationNode marker = rewrittenMarker(owner);
        if (marker != null) {
            List<Diagnostic> findings = new ArrayList<>(RewrittenMarker.findings(marker, owner, options));
            int format = RewrittenMarker.format(marker);
            if (format < Names.OLDEST_RUNNABLE_FORMAT || format > Names.FORMAT_VERSION) {
                findings.add(new Diagnostic(Diagnostic.Severity.ERROR, owner.name, "<class>", owner.sourceFile, -1,
                        owner.name.replace('/', '.') + " was rewritten by " + (format > Names.FORMAT_VERSION
                                ? "a newer" : "an older") + " jawait (rewritten-code format " + format + "), which"
                                + " this runtime does not run (it runs formats " + Names.OLDEST_RUNNABLE_FORMAT
                                + " to " + Names.FORMAT_VERSION + "): rebuild it from source with this version"));
            }
            return new TransformResult(owner.name, null, List.of(), findings, true);
        }
        hierarchy.add(classFile);
        List<Diagnostic> diagnostics = new ArrayList<>();
        AwaitAsyncCloses.apply(owner, hierarchy, diagnostics);
        List<AsyncMethod> asyncMethods = new AsyncMethodFinder(owner, hierarchy, diagnostics).find();
        // Of the checks that are off: kept in the marker only, for a later build; an agent, which never reads them
        // again, does not look for them.
        List<Diagnostic> unreported = options.everyClassChecked() ? new ArrayList<>() : null;
        checkPlainMethods(owner, asyncMethods, diagnostics, unreported);
        if (asyncMethods.isEmpty()) {
            return new TransformResult(owner.name, null, List.of(), diagnostics);
        }
        if ((owner.version & 0xFFFF) < JAVA_8) {
            diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, owner.name, "<class>", owner.sourceFile, -1,
                    "class file version " + (owner.version & 0xFFFF) + " is older than Java 8; compile with"
                            + " --release 8 or newer to use @dev.jawait.Async"));
            return new TransformResult(owner.name, null, List.of(), diagnostics);
        }
        CallChecks checks = new CallChecks(owner, hierarchy, options, diagnostics, unreported);
        for (AsyncMethod asyncMethod : asyncMethods) {
            checks.check(asyncMethod);
        }
        List<String> rewritten = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        Map<String, byte[]> frameClasses = new LinkedHashMap<>();
        Set<MethodNode> suspending = new HashSet<>();
        AsyncMethodRewriter rewriter = new AsyncMethodRewriter(hierarchy, options.loadTimeFrameNames());
        int index = 0;
        for (AsyncMethod asyncMethod : asyncMethods) {
            MethodNode method = asyncMethod.method();
            String signature = method.name + method.desc;
            // Before rewriting: a lambda is described by its first source line.
            String description = MethodDescriptions.describe(owner, method);
            String rewrittenDescription = MethodDescriptions.signature(owner, method);
            try {
                Map<String, byte[]> frameClass = rewriter.rewrite(owner, asyncMethod, index++);
                if (!frameClass.isEmpty()) {
                    suspending.add(method);
                }
                frameClasses.putAll(frameClass);
                rewritten.add(signature);
                descriptions.add(rewrittenDescription);
            } catch (RewriteException | RuntimeException e) {
                // RuntimeException: TypeNotFoundException, or the analysis of bytecode no verifier would accept
                // (compilers have bugs too); the method stays as it was, and the class loads or builds.
                int line = e instanceof RewriteException && ((RewriteException) e).insn() != null
                        ? SourceLines.lineOf(((RewriteException) e).insn()) : SourceLines.firstLine(method);
                diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, owner.name, method.name, owner.sourceFile,
                        line, "cannot rewrite " + description + ": "
                                + e.getMessage() + describeInternalFailure(e, method)));
            }
        }
        if (rewritten.isEmpty()) {
            return new TransformResult(owner.name, null, rewritten, diagnostics);
        }
        InnerEntries.apply(owner, suspending);
        List<Diagnostic> kept = new ArrayList<>(diagnostics);
        if (unreported != null) {
            kept.addAll(unreported);
        }
        markRewritten(owner, kept);
        LoadRuntimeEarly.apply(owner);
        try {
            HierarchyClassWriter writer = new HierarchyClassWriter(hierarchy);
            owner.accept(writer);
            return new TransformResult(owner.name, writer.toByteArray(), rewritten, descriptions, diagnostics,
                    false, frameClasses);
        } catch (org.objectweb.asm.MethodTooLargeException e) {
            diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, owner.name, e.getMethodName(),
                    owner.sourceFile, -1, "rewriting " + describeByName(owner, e.getMethodName(), e.getDescriptor())
                            + " would make its code " + e.getCodeSize() + " bytes, over the JVM's limit of 65535;"
                            + " split the method (each await adds about 60 bytes). The class is left as it is"));
            return new TransformResult(owner.name, null, List.of(), diagnostics);
        } catch (RuntimeException e) {
            diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, owner.name, "<class>", owner.sourceFile, -1,
                    "cannot write the rewritten class " + owner.name.replace('/', '.') + ": " + e));
            return new TransformResult(owner.name, null, List.of(), diagnostics);
        }
    }

    private static String describeByName(ClassNode owner, String name, String descriptor) {
        for (MethodNode method : owner.methods) {
            if (method.name.equals(name) && method.desc.equals(descriptor)) {
                return MethodDescriptions.describe(owner, method);
            }
        }
        return owner.name.replace('/', '.') + "." + name + "()";
    }

    /**
     * The findings of the methods that are not rewritten: a dropped future of an {@code @Async} call. With the check
     * off, they go to {@code unreported} (if not null), for the marker of a class that is rewritten.
     */
    private void checkPlainMethods(ClassNode owner, List<AsyncMethod> asyncMethods, List<Diagnostic> diagnostics,
            List<Diagnostic> unreported) {
        if (options.level(Check.NEVER_AWAITED) == Check.Level.OFF && unreported == null) {
            return;
        }
        Set<MethodNode> rewritten = new HashSet<>();
        for (AsyncMethod asyncMethod : asyncMethods) {
            rewritten.add(asyncMethod.method());
        }
        CallChecks checks = new CallChecks(owner, hierarchy, options, diagnostics, unreported);
        for (MethodNode method : owner.methods) {
            if (!rewritten.contains(method) && !AsyncMethodFinder.hasAsyncAnnotation(method)) {
                checks.checkPlain(method);
            }
        }
    }

    /**
     * A class that names neither {@code Await} nor {@code @Async}: only its plain methods' calls of {@code @Async}
     * methods are checked. Null if it closes an {@code AsyncCloseable}: a try-with-resources over a {@code TaskGroup}
     * needs no such name, and must be reported (or, in a lambda returning a stage, awaited) all the same.
     */
    private TransformResult checkPlainMethodsOnly(byte[] classFile) {
        ClassNode owner = new ClassNode(Names.ASM_API);
        try {
            new ClassReader(classFile).accept(owner, ClassReader.SKIP_FRAMES);
        } catch (RuntimeException unreadable) {
            return new TransformResult(null, null, List.of(), List.of()); // nothing of jawait's to report on
        }
        hierarchy.add(classFile);
        if (AwaitAsyncCloses.closesAny(owner, hierarchy)) {
            return null;
        }
        if (options.level(Check.NEVER_AWAITED) == Check.Level.OFF) {
            return new TransformResult(null, null, List.of(), List.of());
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        checkPlainMethods(owner, List.of(), diagnostics, null);
        return new TransformResult(owner.name, null, List.of(), diagnostics);
    }

    /** Internal failures (not the user's mistakes) carry the method's bytecode, for a bug report. */
    private static String describeInternalFailure(Exception e, MethodNode method) {
        boolean internal = e instanceof RewriteException ? e.getCause() instanceof Exception
                : !(e instanceof TypeNotFoundException);
        if (!internal) {
            return "";
        }
        Textifier text = new Textifier();
        method.accept(new TraceMethodVisitor(text));
        StringWriter out = new StringWriter();
        text.print(new PrintWriter(out));
        return "\n  bytecode of " + method.name + method.desc + ":\n" + out;
    }

    private static AnnotationNode rewrittenMarker(ClassNode owner) {
        if (owner.invisibleAnnotations != null) {
            for (AnnotationNode annotation : owner.invisibleAnnotations) {
                if (annotation.desc.equals(Names.REWRITTEN_DESC)) {
                    return annotation;
                }
            }
        }
        return null;
    }

    /** The marker keeps the class's findings, so that a build that finds the class rewritten still reports them. */
    private static void markRewritten(ClassNode owner, List<Diagnostic> diagnostics) {
        if (owner.invisibleAnnotations == null) {
            owner.invisibleAnnotations = new ArrayList<>();
        }
        owner.invisibleAnnotations.add(RewrittenMarker.of(diagnostics));
    }

}
