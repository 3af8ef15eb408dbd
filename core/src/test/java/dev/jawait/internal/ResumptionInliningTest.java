package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The resumption path fits the depth to which C2 inlines (a call whose caller is at most {@code MaxInlineLevel}, 15,
 * calls below the compilation's root). From the JDK's completion of a plain future ({@code postComplete}, which C2
 * compiles on its own) through the runtime, the resumed body and its next await's registration down to the
 * constructors of the JDK's completion record, every call level counts: two levels more left a constructor call out of
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
                // Never inlined into its callers, as in the benchmarks, where C2 finds it too big: the resumption's
                // compilations are rooted there, whichever method C2 happens to compile first.
                "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=dontinline,java.util.concurrent.CompletableFuture::postComplete",
                "-Xbatch", // compiles before running on, so that C2 has compiled the path when the loop ends
                "-cp", System.getProperty("java.class.path"), ResumptionInliningScenario.class.getName(),
                String.valueOf(CALLS));
        Path report = Files.createTempFile("jawait-inlining", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(report.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the scenario did not end in 120 s");
            }
            String output = Files.readString(report);
            assertEquals(0, process.exitValue(), tail(output));
            check(output);
        } finally {
            Files.deleteIfExists(report);
        }
    }

    private static void check(String output) {
        assertTrue(output.contains("END " + CALLS * 45L), "the scenario's sums: " + tail(output));

        List<String> lines = output.lines().collect(Collectors.toList());
        int resumptions = 0;
        for (int execute = find(lines, 0, lines.size(), "dev.jawait.internal.CallFrame::execute ("); execute >= 0;
                execute = find(lines, execute + 1, lines.size(), "dev.jawait.internal.CallFrame::execute (")) {
            int end = endOfSubtree(lines, execute);
            // Only a resumption that inlined the body's next suspension: a nested one, which a completion inside a
            // resumption would make (the trampoline queues it instead), is cut off above the body, as it may be.
            int suspend = find(lines, execute + 1, end, "dev.jawait.internal.CallFrame::suspend (");
            if (suspend < 0) {
                continue;
            }
            resumptions++;
            List<String> registration = lines.subList(suspend, endOfSubtree(lines, suspend));
            String constructor = registration.stream()
                    .filter(line -> line.contains("java.util.concurrent.ForkJoinTask::<init>"))
                    .findFirst().orElse("(no ForkJoinTask::<init> under the suspension)");
            assertTrue(constructor.contains("inline (hot)") && !constructor.contains("too deep"),
                    "the registration of the next await, inlined as:\n" + String.join("\n", registration));
        }
        // Else nothing was checked: C2 never inlined a resumption through the body into the JDK's completion.
        assertTrue(resumptions > 0, "no compilation inlined the resumption down to the next suspension: "
                + tail(output));
    }

    /** The first line in [from, to) that reports {@code method} inlined by C2. */
    private static int find(List<String> lines, int from, int to, String method) {
        for (int i = from; i < to; i++) {
            if (lines.get(i).contains(method) && lines.get(i).contains("inline (hot)")
                    && !lines.get(i).contains("too deep")) {
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
