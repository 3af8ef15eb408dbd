package dev.jawait.samples;

import dev.jawait.samples.mistakes.NotRewritten;
import dev.jawait.transform.ClassHierarchy;
import dev.jawait.transform.Diagnostic;
import dev.jawait.transform.Transformer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The classic mistakes. The classes of {@code dev.jawait.samples.mistakes} are excluded from the build plugin (see
 * the samples' pom), as if the plugin or the agent were missing; this sample shows what the build would have said
 * about them, then what happens when they run anyway.
 */
public final class MistakesSample {
    private MistakesSample() {
    }

    public static List<String> run(PrintStream out) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("What the build plugin (or the agent) reports for these classes:");
        for (Diagnostic diagnostic : diagnosticsOf(NotRewritten.class)) {
            lines.add("  " + diagnostic.format());
        }
        lines.add("Running them without the rewriting:");
        lines.add("  correct @Async code, not rewritten: " + outcome(() -> NotRewritten.correctButNotRewritten()));
        lines.add("  await outside @Async: " + outcome(() -> NotRewritten.awaitOutsideAsync()));
        lines.forEach(out::println);
        return lines;
    }

    private static List<Diagnostic> diagnosticsOf(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            Transformer transformer = new Transformer(ClassHierarchy.of(type.getClassLoader()));
            return transformer.transform(in.readAllBytes()).diagnostics();
        }
    }

    private static String outcome(Runnable call) {
        try {
            call.run();
            return "no error";
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    public static void main(String[] args) throws IOException {
        run(System.out);
    }
}
