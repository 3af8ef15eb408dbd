package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The resumption path fits the depth to which C2 inlines ({@code MaxInlineLevel}, 15 calls). From the JDK's
 * completion of a plain future through the runtime, the resumed body and its next await's registration down to the
 * constructors of the JDK's completion record, every call level counts: one level more left a constructor call out of
 * line on every await, 8% of scenario 2's time (see {@link Trampoline#dispatch}). Read from the JVM's own report of
 * what C2 inlined ("inline (hot)"; C1 reports "inline"), in a child JVM running scenario 2's shape with one C2
 * thread, so that C2's report is one tree per compilation, indented by depth.
 */
class ResumptionInliningTest {
    private static final int CALLS = 100_000;

    @Test
    void theNextRegistrationIsInlinedIntoTheResumptionThatMakesIt() throws Exception {
        List<String> command = List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintInlining",
                "-XX:CICompilerCount=2", // one C1 and one C2 thread: C2's reports do not interleave
                "-Xbatch", // compiles before running on, so that C2 has compiled the path when the loop ends
                "-cp", System.getProperty("java.class.path"), ResumptionInliningScenario.class.getName(),
                String.valueOf(CALLS));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the scenario did not end");
        assertEquals(0, process.exitValue(), tail(output));
        assertTrue(output.contains("END " + CALLS * 45L), "the scenario's sums: " + tail(output));

        List<String> lines = output.lines().collect(Collectors.toList());
        int execute = find(lines, 0, lines.size(), "dev.jawait.internal.CallFrame::execute");
        assertTrue(execute >= 0, "C2 never inlined the resumption into the JDK's completion: " + tail(output));
        int suspend = find(lines, execute + 1, endOfSubtree(lines, execute), "dev.jawait.internal.CallFrame::suspend");
        assertTrue(suspend >= 0, "the resumption did not inline the body's next suspension: "
                + String.join("\n", lines.subList(execute, endOfSubtree(lines, execute))));
        List<String> registration = lines.subList(suspend, endOfSubtree(lines, suspend));
        String constructor = registration.stream()
                .filter(line -> line.contains("java.util.concurrent.ForkJoinTask::<init>"))
                .findFirst().orElse("(no ForkJoinTask::<init> under the suspension)");
        assertTrue(constructor.contains("inline (hot)"), "the registration of the next await, inlined as:\n"
                + String.join("\n", registration));
    }

    /** The first line in [from, to) that reports {@code method} inlined. */
    private static int find(List<String> lines, int from, int to, String method) {
        for (int i = from; i < to; i++) {
            if (lines.get(i).contains(method) && lines.get(i).contains("inline (hot)")) {
                return i;
            }
        }
        return -1;
    }

    /** The index after the last line of the calls that the call reported at {@code at} inlined (deeper indented). */
    private static int endOfSubtree(List<String> lines, int at) {
        int depth = indent(lines.get(at));
        int end = at + 1;
        // Lines without a call (the receiver's type profile) belong to the call above them.
        while (end < lines.size() && (indent(lines.get(end)) < 0 || indent(lines.get(end)) > depth)) {
            end++;
        }
        return end;
    }

    private static int indent(String line) {
        return line.indexOf('@');
    }

    private static String tail(String output) {
        return output.length() <= 4000 ? output : "..." + output.substring(output.length() - 4000);
    }
}
