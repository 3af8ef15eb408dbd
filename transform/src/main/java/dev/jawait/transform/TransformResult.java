package dev.jawait.transform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What transforming one class file produced. */
public final class TransformResult {
    private final String className;
    private final byte[] bytes;
    private final List<String> rewrittenMethods;
    private final List<String> rewrittenDescriptions;
    private final List<Diagnostic> diagnostics;
    private final boolean alreadyRewritten;
    private final Map<String, byte[]> frameClasses;

    TransformResult(String className, byte[] bytes, List<String> rewrittenMethods, List<Diagnostic> diagnostics) {
        this(className, bytes, rewrittenMethods, diagnostics, false);
    }

    TransformResult(String className, byte[] bytes, List<String> rewrittenMethods, List<Diagnostic> diagnostics,
            boolean alreadyRewritten) {
        this(className, bytes, rewrittenMethods, rewrittenMethods, diagnostics, alreadyRewritten);
    }

    TransformResult(String className, byte[] bytes, List<String> rewrittenMethods, List<String> rewrittenDescriptions,
            List<Diagnostic> diagnostics, boolean alreadyRewritten) {
        this(className, bytes, rewrittenMethods, rewrittenDescriptions, diagnostics, alreadyRewritten, Map.of());
    }

    TransformResult(String className, byte[] bytes, List<String> rewrittenMethods, List<String> rewrittenDescriptions,
            List<Diagnostic> diagnostics, boolean alreadyRewritten, Map<String, byte[]> frameClasses) {
        this.frameClasses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(frameClasses));
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

    /**
     * The frame classes of the rewritten methods that can suspend, internal name to class file: a build writes them
     * beside the rewritten class, so that they load as any class does. The rewritten class also carries each one,
     * and defines it at its method's first suspension if no file was written (as under the Java agent). Empty if the
     * class is not {@linkplain #changed() changed}.
     */
    public Map<String, byte[]> frameClasses() {
        return frameClasses;
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
