package dev.jawait.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged agent jar, in a child JVM, on small applications compiled here. */
class AgentIT {
    private static final String GOOD = String.join("\n",
            "package app;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import java.util.concurrent.*;",
            "public class Good {",
            "  static CompletableFuture<Integer> slow(int v) {",
            "    return CompletableFuture.supplyAsync(() -> v,",
            "        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));",
            "  }",
            "  @Async static CompletableFuture<String> sum(int n) {",
            "    int total = 0;",
            "    for (int i = 1; i <= n; i++) {",
            "      total += await(slow(i));",
            "    }",
            "    try {",
            "      await(CompletableFuture.failedFuture(new IllegalArgumentException(\"boom\")));",
            "    } catch (IllegalArgumentException e) {",
            "      return CompletableFuture.completedFuture(\"sum=\" + total + \" caught=\" + e.getMessage());",
            "    }",
            "    return CompletableFuture.completedFuture(\"not caught\");",
            "  }",
            "  public static void main(String[] args) {",
            "    CompletableFuture<String> result = sum(5);",
            "    System.out.println(\"returned before done: \" + !result.isDone());",
            "    System.out.println(result.join());",
            "  }",
            "}");
    private static final String BAD = String.join("\n",
            "package app;",
            "import static dev.jawait.Await.await;",
            "import java.util.concurrent.*;",
            "public class Bad {",
            "  static CompletableFuture<String> notAsync() {",
            "    return CompletableFuture.completedFuture(await(new CompletableFuture<String>()));",
            "  }",
            "  public static void main(String[] args) {",
            "    try {",
            "      notAsync();",
            "    } catch (IllegalStateException e) {",
            "      System.out.println(e.getMessage());",
            "    }",
            "  }",
            "}");

    /** async with and a lazy generator, rewritten as they load. */
    private static final String WITH = String.join("\n",
            "package app;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "public class With {",
            "  static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());",
            "  @Async static CompletableFuture<Void> task(String name, long millis) {",
            "    await(Tasks.sleep(millis));",
            "    LOG.add(name);",
            "    return CompletableFuture.completedFuture(null);",
            "  }",
            "  @Async static CompletableFuture<List<String>> main() {",
            "    try (TaskGroup group = new TaskGroup()) {",
            "      group.spawn(() -> task(\"slow\", 40));",
            "      group.spawn(() -> task(\"fast\", 5));",
            "    }",
            "    LOG.add(\"group closed\");",
            "    try (AsyncIterator<Integer> items = AsyncIterator.generate(out -> {",
            "      try {",
            "        for (int i = 1; ; i++) { LOG.add(\"produce \" + i); await(out.emit(i)); }",
            "      } finally { LOG.add(\"generator finally\"); }",
            "    })) {",
            "      while (await(items.hasNext())) {",
            "        int item = items.next();",
            "        LOG.add(\"consume \" + item);",
            "        if (item == 2) break;",
            "      }",
            "    }",
            "    LOG.add(\"after\");",
            "    return CompletableFuture.completedFuture(LOG);",
            "  }",
            "  public static void main(String[] args) {",
            "    List<String> log = Tasks.run(With::main);",
            "    System.out.println(String.join(\", \", log));",
            "  }",
            "}");

    /**
     * Synchronous recursion through completed futures on a cold JVM: through a variable, deep enough to overflow any
     * stack; through awaits of direct calls, which go 1,000 levels deep at most on the stack, far deeper than a
     * default stack holds one frame per level.
     */
    private static final String DEEP = String.join("\n",
            "package app;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import java.util.concurrent.*;",
            "public class Deep {",
            "  @Async static CompletableFuture<Integer> countDown(int n) {",
            "    if (n == 0) return CompletableFuture.completedFuture(0);",
            "    CompletableFuture<Integer> below = countDown(n - 1);",
            "    return CompletableFuture.completedFuture(1 + await(below));",
            "  }",
            "  @Async static CompletableFuture<Integer> direct(int n) {",
            "    if (n == 0) return CompletableFuture.completedFuture(0);",
            "    return CompletableFuture.completedFuture(1 + await(direct(n - 1)));",
            "  }",
            "  public static void main(String[] args) {",
            "    CompletableFuture<Integer> call = countDown(10_000_000);",
            "    System.out.println(call.handle((v, e) -> \"failed with \" + e.getClass().getSimpleName()).join());",
            "    System.out.println(\"then: \" + countDown(1_000).join());",
            "    System.out.println(\"direct: \" + direct(100_000).join());",
            "  }",
            "}");

    /** A call that completes without suspending, then one that suspends: only the second needs the frame class. */
    private static final String LAZY = String.join("\n",
            "package app;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import java.util.concurrent.*;",
            "public class Lazy {",
            "  @Async static CompletableFuture<Integer> twice(CompletableFuture<Integer> f) {",
            "    return CompletableFuture.completedFuture(await(f) * 2);",
            "  }",
            "  static boolean frameClassDefined() {",
            "    try {",
            "      Class.forName(\"app.Lazy$jawait$AgentFrame0\", false, Lazy.class.getClassLoader());",
            "      return true;",
            "    } catch (ClassNotFoundException e) {",
            "      return false;",
            "    }",
            "  }",
            "  public static void main(String[] args) {",
            "    int done = twice(CompletableFuture.completedFuture(1)).join();",
            "    System.out.println(\"done: \" + done + \", frame class defined: \" + frameClassDefined());",
            "    CompletableFuture<Integer> later = new CompletableFuture<>();",
            "    CompletableFuture<Integer> call = twice(later);",
            "    System.out.println(\"suspended, frame class defined: \" + frameClassDefined());",
            "    later.complete(2);",
            "    System.out.println(\"resumed: \" + call.join());",
            "  }",
            "}");

    @TempDir
    static Path classes;

    @BeforeAll
    static void compileApplications() throws IOException {
        compile(classes, List.of(TestSources.source("app.Good", GOOD), TestSources.source("app.Bad", BAD),
                TestSources.source("app.With", WITH), TestSources.source("app.Deep", DEEP),
                TestSources.source("app.Lazy", LAZY)));
    }

    /** Compiles {@code units} against jawait-core into {@code folder}, as the build of an application would. */
    private static void compile(Path folder, List<JavaFileObject> units) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(folder.toFile()));
            files.setLocation(StandardLocation.CLASS_PATH, List.of(new File(coreClasses())));
            assertTrue(javac.getTask(null, files, null, List.of("--release", "11", "-g"), null, units).call());
        }
    }

    @Test
    void rewritesAtLoadTimeSoTheMethodReturnsBeforeItsAwaitsComplete() throws Exception {
        Result result = run("", "app.Good", true);
        assertEquals(0, result.exitCode, result.output);
        assertEquals(List.of("returned before done: true", "sum=15 caught=boom"), result.lines(), result.output);
    }

    @Test
    void asyncWithAndALazyGeneratorWorkUnderTheAgent() throws Exception {
        Result result = run("", "app.With", false);
        assertEquals(0, result.exitCode, result.output);
        assertEquals(List.of("fast, slow, group closed, produce 1, consume 1, produce 2, consume 2, generator finally,"
                + " after"), result.lines(), result.output);
    }

    /**
     * The overflow happens on the very first call, before anything else of jawait's ran: the classes of the failure
     * path must already be loaded, or loading them through the agent overflows inside it.
     */
    @Test
    void aCallThatOverflowsTheStackFailsItsFutureWithoutAnAgentAssertion() throws Exception {
        Result result = run("", "app.Deep", true);
        assertEquals(0, result.exitCode, result.output);
        assertEquals(List.of("failed with StackOverflowError", "then: 1000", "direct: 100000"), result.lines(),
                result.output);
    }

    /**
     * Under the agent the frame class exists only inside the rewritten class, and is defined at the method's first
     * suspension: a call that completes without suspending leaves it undefined.
     */
    @Test
    void theFrameClassIsDefinedAtTheFirstSuspensionNotBefore() throws Exception {
        Result result = run("", "app.Lazy", true);
        assertEquals(0, result.exitCode, result.output);
        assertEquals(List.of("done: 2, frame class defined: false", "suspended, frame class defined: true",
                "resumed: 4"), result.lines(), result.output);
    }

    @Test
    void theAgentJarAloneCarriesTheRuntime() throws Exception {
        Result result = run("", "app.Good", false);
        assertEquals(0, result.exitCode, result.output);
        assertEquals(List.of("returned before done: true", "sum=15 caught=boom"), result.lines(), result.output);
    }

    @Test
    void verboseListsTheRewrittenMethods() throws Exception {
        Result result = run("=verbose", "app.Good", true);
        assertTrue(result.lines().contains("[jawait] rewrote app.Good.sum(I)Ljava/util/concurrent/CompletableFuture;"),
                result.output);
    }

    @Test
    void misuseIsReportedWithItsSourceLineAndFailsClearlyWhenRun() throws Exception {
        Result result = run("", "app.Bad", true);
        assertEquals(0, result.exitCode, result.output);
        List<String> lines = result.lines();
        assertEquals("[jawait] app/Bad.java:[6] error: await in app.Bad.notAsync(), which is not @dev.jawait.Async;"
                + " annotate it @dev.jawait.Async and return a CompletableFuture (or CompletionStage)", lines.get(0),
                result.output);
        assertTrue(lines.get(1).startsWith("Await.await called in app.Bad.notAsync (Bad.java:6), which jawait did"
                + " not rewrite."), result.output);
    }

    @Test
    void dumpWritesEachRewrittenClassBeforeAndAfter(@TempDir Path dump) throws Exception {
        Result result = run("=dump=" + dump, "app.Good", true);
        assertEquals(0, result.exitCode, result.output);
        byte[] before = Files.readAllBytes(dump.resolve("before/app/Good.class"));
        byte[] after = Files.readAllBytes(dump.resolve("after/app/Good.class"));
        assertEquals(Files.size(classes.resolve("app/Good.class")), before.length);
        assertTrue(after.length > before.length);
    }

    @Test
    void theCommandLineRewritesAFolderAheadOfTimeSoNoAgentIsNeeded(@TempDir Path work) throws Exception {
        Path input = copyOf("app/Good.class", work.resolve("in"));
        Path out = work.resolve("out");
        Result instrument = java(List.of("-jar", agentJar(), "instrument", "-d", out.toString(), input.toString()));
        assertEquals(0, instrument.exitCode, instrument.output);
        assertTrue(instrument.output.contains("rewrote 1 method in 1 of 1 class"), instrument.output);
        assertEquals(Files.size(classes.resolve("app/Good.class")), Files.size(input.resolve("app/Good.class")),
                "with -d the input stays as it was");

        Result plain = java(List.of("-cp", out + File.pathSeparator + coreClasses(), "app.Good"));
        assertEquals(List.of("returned before done: true", "sum=15 caught=boom"), plain.lines(), plain.output);

        Result underAgent = java(List.of("-javaagent:" + agentJar() + "=verbose", "-cp",
                out + File.pathSeparator + coreClasses(), "app.Good"));
        assertEquals(List.of("[jawait] agent 0.1.0-SNAPSHOT installed", "returned before done: true",
                "sum=15 caught=boom"), underAgent.lines(), "rewritten classes are not rewritten again");
    }

    /** Without -cp, the runtime the agent jar carries answers whether a resource is an AsyncCloseable. */
    @Test
    void theCommandLineRewritesAnAsyncWithWithoutAClassPath(@TempDir Path work) throws Exception {
        Path input = copyOf("app/With.class", work.resolve("in"));
        Result instrument = java(List.of("-jar", agentJar(), "instrument", input.toString()));
        assertEquals(0, instrument.exitCode, instrument.output);

        Result plain = java(List.of("-cp", input + File.pathSeparator + coreClasses(), "app.With"));
        assertEquals(List.of("fast, slow, group closed, produce 1, consume 1, produce 2, consume 2, generator finally,"
                + " after"), plain.lines(), plain.output);
    }

    @Test
    void theCommandLineRewritesAJarInPlace(@TempDir Path work) throws Exception {
        Path jar = work.resolve("app.jar");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("app/Good.class"));
            zip.write(Files.readAllBytes(classes.resolve("app/Good.class")));
            zip.closeEntry();
        }
        Result instrument = java(List.of("-jar", agentJar(), "instrument", jar.toString()));
        assertEquals(0, instrument.exitCode, instrument.output);
        Result plain = java(List.of("-cp", jar + File.pathSeparator + coreClasses(), "app.Good"));
        assertEquals(List.of("returned before done: true", "sum=15 caught=boom"), plain.lines(), plain.output);
    }

    /**
     * A build with the plugin (here the command line, which shares its code) wrote frame class files into the folder;
     * then an IDE compiled an edited class into the same folder without the plugin, and runs the program under the
     * agent. The agent's rewrite of the edited class must not take the frame class file written for the class as it
     * was before (it would fit the old code, not this one); nor does the agent delete or rewrite files.
     */
    @Test
    void underTheAgentAClassCompiledOverAPluginBuildDoesNotUseTheBuildsFrameClassFile(@TempDir Path work)
            throws Exception {
        Path folder = copyOf("app/Good.class", work.resolve("classes"));
        Result instrument = java(List.of("-jar", agentJar(), "instrument", folder.toString()));
        assertEquals(0, instrument.exitCode, instrument.output);
        Path built = folder.resolve("app/Good$jawait$Frame0.class");
        byte[] frameFile = Files.readAllBytes(built);

        // The edit moves every await a line down: the method's frame class is another one now.
        String edited = GOOD.replace("public class Good {", "public class Good {\n  // edited in the IDE");
        compile(folder, List.of(TestSources.source("app.Good", edited)));

        Result underAgent = java(List.of("-javaagent:" + agentJar(), "-cp", folder + File.pathSeparator
                + coreClasses(), "app.Good"));
        assertEquals(List.of("returned before done: true", "sum=15 caught=boom"), underAgent.lines(),
                underAgent.output);
        assertTrue(java.util.Arrays.equals(frameFile, Files.readAllBytes(built)), "the build's file is left as it was");
    }

    private static Path copyOf(String classFile, Path folder) throws IOException {
        Path target = folder.resolve(classFile);
        Files.createDirectories(target.getParent());
        Files.copy(classes.resolve(classFile), target);
        return folder;
    }

    @Test
    void theCommandLineReportsMisuseAndExitsWithOne(@TempDir Path out) throws Exception {
        Path bad = copyOf("app/Bad.class", out.resolve("bad"));
        Result instrument = java(List.of("-jar", agentJar(), "instrument", bad.toString()));
        assertEquals(1, instrument.exitCode, instrument.output);
        assertTrue(instrument.output.contains("app/Bad.java:[6] error: await in app.Bad.notAsync(), which is not"
                + " @dev.jawait.Async;"), instrument.output);
    }

    @Test
    void aBadOptionIsOneLineAndLeavesTheJvmRunning() throws Exception {
        Result result = run("=verbose,never-awaited=loud", "app.Good", true);
        assertEquals("[jawait] ERROR option never-awaited: 'loud' is not a check level; accepted:"
                + " never-awaited=error|warning|off; the agent is not installed", result.lines().get(0), result.output);
        assertTrue(result.output.lines().noneMatch(line -> line.contains("dev.jawait.agent")), result.output);
        assertTrue(result.output.contains("which jawait did not rewrite"), "the application ran: " + result.output);
    }

    @Test
    void theOldPatternSpellingKeepsItsMeaningWithOneWarning() throws Exception {
        // "ap*" once meant every class whose name starts with "ap"; with the new * it would match no app.* class.
        Result result = run("=includes=ap*", "app.Good", true);
        assertEquals(List.of("[jawait] WARNING deprecated pattern 'ap*': a single * now stays within a package; it is"
                + " read the old way (any text) for now, so write 'ap**' for the same classes, or 'ap*' for the new"
                + " meaning", "returned before done: true", "sum=15 caught=boom"), result.lines(), result.output);
    }

    @Test
    void theCommandLineTakesTheAgentsOptions(@TempDir Path work) throws Exception {
        Path input = copyOf("app/Bad.class", copyOf("app/Good.class", work.resolve("in")));
        Result selected = java(List.of("-jar", agentJar(), "instrument", "--includes=app.Go?d", "--verbose",
                "--never-awaited=error", input.toString()));
        assertEquals(0, selected.exitCode, selected.output);
        assertTrue(selected.output.contains("jawait: rewrote app.Good.sum(I)"), selected.output);

        Result bad = java(List.of("-jar", agentJar(), "instrument", "--blocking-call=loud", input.toString()));
        assertEquals(2, bad.exitCode, bad.output);
        assertEquals(List.of("jawait: option blocking-call: 'loud' is not a check level; accepted:"
                + " blocking-call=error|warning|off"), bad.lines());
    }

    @Test
    void theCommandLineWithoutArgumentsPrintsUsage() throws Exception {
        Result usage = java(List.of("-jar", agentJar()));
        assertEquals(2, usage.exitCode, usage.output);
        assertTrue(usage.output.startsWith("usage: java -jar jawait-agent.jar instrument"), usage.output);
    }

    private static String agentJar() {
        String agentJar = System.getProperty("jawait.agent.jar");
        assertTrue(agentJar != null && new File(agentJar).isFile(), "agent jar: " + agentJar);
        return agentJar;
    }

    private static Result java(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    private static Result run(String agentOptions, String mainClass, boolean withCore) throws Exception {
        String classPath = classes + (withCore ? File.pathSeparator + coreClasses() : "");
        return java(List.of("-javaagent:" + agentJar() + agentOptions, "-cp", classPath, mainClass));
    }

    private static String coreClasses() {
        return TestSources.coreClasses().getPath();
    }

    /** Exit code and merged output of a child JVM. */
    private static final class Result {
        final int exitCode;
        final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }

        List<String> lines() {
            return List.of(output.strip().split("\\R"));
        }
    }

}
