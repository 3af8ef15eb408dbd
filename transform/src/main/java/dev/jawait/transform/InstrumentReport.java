package dev.jawait.transform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What instrumenting a folder or a jar did: counts, the methods rewritten, and every diagnostic. */
public final class InstrumentReport {
    private int classesScanned;
    private int classesRewritten;
    private int classesAlreadyRewritten;
    private final List<String> rewrittenMethods = new ArrayList<>();
    private final List<String> rewrittenDescriptions = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<String> leftoversRemoved = new ArrayList<>();

    void add(TransformResult result) {
        classesScanned++;
        if (result.changed()) {
            classesRewritten++;
            for (String method : result.rewrittenMethods()) {
                rewrittenMethods.add(result.className().replace('/', '.') + "." + method);
            }
            rewrittenDescriptions.addAll(result.rewrittenDescriptions());
        }
        if (result.alreadyRewritten()) {
            classesAlreadyRewritten++;
        }
        diagnostics.addAll(result.diagnostics());
    }

    /**
     * {@code result} was rewritten but cannot be written ({@code why}, errors): counted as looked at, not as
     * rewritten, with its diagnostics and the errors.
     */
    void refused(TransformResult result, List<Diagnostic> why) {
        classesScanned++;
        diagnostics.addAll(result.diagnostics());
        diagnostics.addAll(why);
    }

    /** A finding about the input as a whole rather than one class's rewriting. */
    void add(Diagnostic diagnostic) {
        diagnostics.add(diagnostic);
    }

    public int classesScanned() {
        return classesScanned;
    }

    public int classesRewritten() {
        return classesRewritten;
    }

    /** Classes skipped because an earlier run rewrote them already. */
    public int classesAlreadyRewritten() {
        return classesAlreadyRewritten;
    }

    /** Rewritten methods, as {@code com.example.Shop.checkout(descriptor)}. */
    public List<String> rewrittenMethods() {
        return Collections.unmodifiableList(rewrittenMethods);
    }

    /** Rewritten methods as messages name them; see {@link TransformResult#rewrittenDescriptions()}. */
    public List<String> rewrittenDescriptions() {
        return Collections.unmodifiableList(rewrittenDescriptions);
    }

    void leftoverRemoved(String path) {
        leftoversRemoved.add(path);
    }

    /**
     * The frame class files an earlier build left, which this run removed (or, writing elsewhere, did not copy):
     * paths in the folder or jar. See {@link FrameClassLeftovers}.
     */
    public List<String> leftoversRemoved() {
        return Collections.unmodifiableList(leftoversRemoved);
    }

    public List<Diagnostic> diagnostics() {
        return Collections.unmodifiableList(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
    }

    /**
     * One line for a build log: {@code rewrote 12 methods in 3 of 40 classes (5 already rewritten); removed 2 frame
     * class files an earlier build left}.
     */
    public String summary() {
        int removed = leftoversRemoved.size();
        return "rewrote " + rewrittenMethods.size() + " method" + (rewrittenMethods.size() == 1 ? "" : "s") + " in "
                + classesRewritten + " of " + classesScanned + " class" + (classesScanned == 1 ? "" : "es")
                + (classesAlreadyRewritten > 0 ? " (" + classesAlreadyRewritten + " already rewritten)" : "")
                + (removed > 0 ? "; removed " + removed + " frame class file" + (removed == 1 ? "" : "s")
                        + " an earlier build left" : "");
    }
}
