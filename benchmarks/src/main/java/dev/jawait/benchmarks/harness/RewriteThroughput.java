package dev.jawait.benchmarks.harness;

import dev.jawait.transform.InstrumentReport;
import dev.jawait.transform.Instrumenter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Scenario 5b: the build plugin's rewriting throughput. Compiles {@code classes} generated classes that use await
 * (three {@code @Async} methods each: a loop, try/catch/finally, a switch; and one plain method), then times the
 * {@link Instrumenter} that jawait-maven-plugin calls over that folder, {@code warmups} unreported rounds then
 * {@code rounds} reported ones, each into a fresh output folder:
 * {@code java -cp benchmarks.jar dev.jawait.benchmarks.harness.RewriteThroughput 1000 3 5}.
 */
public final class RewriteThroughput {
    private RewriteThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int classes = Integer.parseInt(args[0]);
        int warmups = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Path work = Files.createTempDirectory("jawait-rewrite-throughput");
        try {
            Path input = compile(work, classes);
            double[] classesPerSecond = new double[rounds];
            int methods = 0;
            for (int round = -warmups; round < rounds; round++) {
                Path output = work.resolve("out" + (round + warmups));
                long start = System.nanoTime();
                InstrumentReport report = new Instrumenter(
                        Instrumenter.resourcesOf(ClassLoader.getSystemClassLoader()), name -> true)
                        .instrument(input, output);
                long nanos = System.nanoTime() - start;
                if (report.classesRewritten() != classes || report.hasErrors()) {
                    throw new AssertionError("rewrote " + report.summary());
                }
                methods = report.rewrittenMethods().size();
                if (round >= 0) {
                    classesPerSecond[round] = classes / (nanos / 1e9);
                }
            }
            Arrays.sort(classesPerSecond);
            System.out.println(Json.object("scenario", "rewrite-throughput", "classes", classes,
                    "asyncMethods", methods, "rounds", rounds,
                    "medianClassesPerSecond", classesPerSecond[rounds / 2],
                    "minClassesPerSecond", classesPerSecond[0],
                    "maxClassesPerSecond", classesPerSecond[rounds - 1], "jvm", Runtime.version().toString()));
        } finally {
            deleteRecursively(work);
        }
    }

    private static Path compile(Path work, int classes) throws IOException {
        Path sources = work.resolve("src/gen");
        Path output = work.resolve("classes");
        Files.createDirectories(sources);
        Files.createDirectories(output);
        List<String> arguments = new ArrayList<>(List.of("-d", output.toString(), "-g",
                "-cp", System.getProperty("java.class.path"), "-proc:none"));
        for (int i = 0; i < classes; i++) {
            Path file = sources.resolve("C" + i + ".java");
            Files.writeString(file, source(i));
            arguments.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, arguments.toArray(new String[0])) != 0) {
            throw new IllegalStateException("the generated classes did not compile");
        }
        return output;
    }

    /** A class in the shapes real async code has: loops, try/catch/finally, a switch, locals of several types. */
    private static String source(int i) {
        return "package gen;\n"
                + "import static dev.jawait.Await.await;\n"
                + "import static java.util.concurrent.CompletableFuture.completedFuture;\n"
                + "import dev.jawait.Async;\n"
                + "import java.util.List;\n"
                + "import java.util.concurrent.CompletableFuture;\n"
                + "public class C" + i + " {\n"
                + "  int field = " + i + ";\n"
                + "  @Async static CompletableFuture<Integer> loop(List<CompletableFuture<Integer>> futures) {\n"
                + "    int sum = 0;\n"
                + "    for (CompletableFuture<Integer> f : futures) { sum += await(f); }\n"
                + "    return completedFuture(sum);\n"
                + "  }\n"
                + "  @Async static CompletableFuture<String> guarded(CompletableFuture<String> a,"
                + " CompletableFuture<Long> b) {\n"
                + "    StringBuilder out = new StringBuilder();\n"
                + "    try {\n"
                + "      out.append(await(a));\n"
                + "      long x = await(b);\n"
                + "      if (x > " + i + ") { out.append(x); }\n"
                + "    } catch (IllegalStateException e) {\n"
                + "      out.append(e.getMessage());\n"
                + "    } finally {\n"
                + "      out.append('.');\n"
                + "    }\n"
                + "    return completedFuture(out.toString());\n"
                + "  }\n"
                + "  @Async CompletableFuture<Double> choose(CompletableFuture<Double> d, int n) {\n"
                + "    double t;\n"
                + "    switch (n) {\n"
                + "      case 1: t = await(d); break;\n"
                + "      case 2: t = await(d) * 2; break;\n"
                + "      default: t = n;\n"
                + "    }\n"
                + "    return completedFuture(t + field);\n"
                + "  }\n"
                + "  String plain(int x) { return \"x\" + x + field; }\n"
                + "}\n";
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
