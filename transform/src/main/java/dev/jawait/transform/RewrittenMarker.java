package dev.jawait.transform;

import dev.jawait.transform.internal.Names;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;

/**
 * The invisible class annotation {@code @dev.jawait.internal.Rewritten(format, findings)} that marks a rewritten
 * class. It keeps the class's findings (misuses and check results), because an incremental build hands the already
 * rewritten class back without recompiling it: its problems must be reported again, not forgotten.
 */
final class RewrittenMarker {
    private static final String SEPARATOR = "\t";
    /** The kind of a finding of no check: an error, or a warning (a type the rewriting could not look up). */
    private static final String MISUSE = "misuse";
    private static final String WARNING = "warning";

    private RewrittenMarker() {
    }

    static AnnotationNode of(List<Diagnostic> findings) {
        List<String> encoded = new ArrayList<>();
        for (Diagnostic finding : findings) {
            String kind = finding.check() != null ? finding.check().id()
                    : finding.severity() == Diagnostic.Severity.WARNING ? WARNING : MISUSE;
            encoded.add(kind + SEPARATOR + finding.methodName() + SEPARATOR + finding.line() + SEPARATOR
                    + finding.message());
        }
        AnnotationNode marker = new AnnotationNode(Names.REWRITTEN_DESC);
        marker.values = new ArrayList<>(List.of("format", Names.FORMAT_VERSION, "findings", encoded));
        return marker;
    }

    /** The rewritten-code format {@code marker} records; 0 if it records none. */
    static int format(AnnotationNode marker) {
        for (int i = 0; marker.values != null && i + 1 < marker.values.size(); i += 2) {
            if ("format".equals(marker.values.get(i)) && marker.values.get(i + 1) instanceof Integer) {
                return (Integer) marker.values.get(i + 1);
            }
        }
        return 0;
    }

    /** The findings kept in {@code marker}, with the severity the current options give them. */
    static List<Diagnostic> findings(AnnotationNode marker, ClassNode owner, TransformOptions options) {
        List<Diagnostic> findings = new ArrayList<>();
        List<?> encoded = List.of();
        for (int i = 0; marker.values != null && i + 1 < marker.values.size(); i += 2) {
            if ("findings".equals(marker.values.get(i))) {
                encoded = (List<?>) marker.values.get(i + 1);
            }
        }
        for (Object entry : encoded) {
            String[] parts = ((String) entry).split(SEPARATOR, 4);
            if (parts.length != 4) {
                continue;
            }
            Check check = null;
            Diagnostic.Severity severity = Diagnostic.Severity.ERROR;
            if (parts[0].equals(WARNING)) {
                severity = Diagnostic.Severity.WARNING;
            } else if (!parts[0].equals(MISUSE)) {
                check = knownCheck(parts[0]);
                if (check == null) {
                    continue; // a check of a newer jawait; its format, if this one cannot run it, is reported
                }
            }
            if (check != null) {
                Check.Level level = options.level(check);
                if (level == Check.Level.OFF) {
                    continue;
                }
                severity = level == Check.Level.ERROR ? Diagnostic.Severity.ERROR : Diagnostic.Severity.WARNING;
            }
            findings.add(new Diagnostic(severity, owner.name, parts[1], owner.sourceFile, lineOf(parts[2]), parts[3],
                    check));
        }
        return findings;
    }

    private static Check knownCheck(String id) {
        try {
            return Check.byId(id);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    private static int lineOf(String encoded) {
        try {
            return Integer.parseInt(encoded);
        } catch (NumberFormatException notALine) {
            return -1;
        }
    }
}
