package dev.jawait.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import java.io.File;
import java.io.IOException;
import java.net.URI;
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
import javax.tools.SimpleJavaFileObject;
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
            "      await(CompletableFuture.failedFuture(new IllegalStateException(\"boom\")));",
            "    } catch (IllegalStateException e) {",
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

    @TempDir
    static Path classes;

    @BeforeAll
    static void compileApplications() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classes.toFile()));
            files.setLocation(StandardLocation.CLASS_PATH, List.of(new File(coreClasses())));
            List<JavaFileObject> units = List.of(source("app.Good", GOOD), source("app.Bad", BAD));
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
        assertEquals("[jawait] ERROR app/Bad.java:[6] await in app.Bad.notAsync(), which is not @Async; annotate it"
                + " @Async and return a CompletableFuture (or CompletionStage)", lines.get(0), result.output);
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

    private static Result run(String agentOptions, String mainClass, boolean withCore) throws Exception {
        String agentJar = System.getProperty("jawait.agent.jar");
        assertTrue(agentJar != null && new File(agentJar).isFile(), "agent jar: " + agentJar);
        String classPath = classes + (withCore ? File.pathSeparator + coreClasses() : "");
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-javaagent:" + agentJar + agentOptions, "-cp", classPath, mainClass));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    private static String coreClasses() {
        try {
            return new File(Await.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JavaFileObject source(String className, String text) {
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
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
