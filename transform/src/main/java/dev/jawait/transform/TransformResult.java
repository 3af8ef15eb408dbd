package dev.jawait.transform;

import java.util.List;

/** What transforming one class file produced. */
public final class TransformResult {
    private final String className;
    private final byte[] bytes;
    private final List<String> rewrittenMethods;
    private final List<String> rewrittenDescriptions;
    private final List<Diagnostic> diagnostics;
    private final boolean alreadyRewritten;

    TransformResult(String className, byte[] bytes, List<String> rewrittenMethods, List<Diagnostic> diagnostics) {
        this(className, bytes, rewrittenMethods, diagnostics, false);
    }

    TransformResult(String className, byte[] bytes, List<String> rewrittenMethods, List<Diagnostic> diagnostics,
            boolean alreadyRewritten) {
        this(className, bytes, rewrittenMethods, rewrittenMethods, diagnostics, alreadyRewritten);
    }

    TransformResult(String className, byte[] bytes, List<String> rewrittenMethods, List<String> rewrittenDescriptions,
            List<Diagnostic> diagnostics, boolean alreadyRewritten) {
        this.rewrittenDescriptions = List.copyOf(rewrittenDescriptions);
        this.alreadyRewritten = alreadyRewritten;
        this.className = className;
        this.bytes = bytes;
        this.rewrittenMethods = List.copyOf(rewrittenMethods);
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** Internal name of the class, or null if the input was not inspected (it does not mention jawait). */
    public String className() {
        return className;
    }

    /** Whether {@link #bytes()} holds a rewritten class file. */
    public boolean changed() {
        return bytes != null;
    }

    /** The rewritten class file, or null if the class must stay as it was. */
    public byte[] bytes() {
        return bytes;
    }

    /** The methods rewritten, as {@code name(descriptor)}. */
    public List<String> rewrittenMethods() {
        return rewrittenMethods;
    }

    /**
     * The methods rewritten as messages name them: {@code com.example.Shop.checkout(descriptor)}, and a lambda as
     * {@code lambda in com.example.Shop.checkout (Shop.java:42)}.
     */
    public List<String> rewrittenDescriptions() {
        return rewrittenDescriptions;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** Whether the input was rewritten by jawait before (it is never rewritten twice). */
    public boolean alreadyRewritten() {
        return alreadyRewritten;
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
    }
}
