package dev.jawait.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.transform.Option;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's options, in this JVM: the same names, patterns and messages as the agent's and the plugin's. */
class MainTest {
    private static final String SERVICE = String.join("\n",
            "package app;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import java.util.concurrent.CompletableFuture;",
            "public class Service {",
            "  @Async static CompletableFuture<String> handle(CompletableFuture<String> request) throws Exception {",
            "    String body = await(request);",
            "    Thread.sleep(10);",
            "    return CompletableFuture.completedFuture(body);",
            "  }",
            "}");
    private static final String MISUSE = String.join("\n",
            "package app.sub;",
            "import static dev.jawait.Await.await;",
            "import java.util.concurrent.CompletableFuture;",
            "public class Misuse {",
            "  static CompletableFuture<String> notAsync(CompletableFuture<String> f) {",
            "    return CompletableFuture.completedFuture(await(f));",
            "  }",
            "}");

    @TempDir
    static Path classes;
    @TempDir
    Path out;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeAll
    static void compile() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classes.toFile()));
            files.setLocation(StandardLocation.CLASS_PATH, List.of(TestSources.coreClasses()));
            assertTrue(javac.getTask(null, files, null, List.of("--release", "11", "-g"), null,
                    List.of(TestSources.source("app.Service", SERVICE), TestSources.source("app.sub.Misuse", MISUSE)))
                    .call());
        }
    }

    @Test
    void withoutOptionsEveryClassIsLookedAtAndAMisuseExitsWithOne() {
        assertEquals(Main.MISUSE, instrument());
        assertTrue(err().contains("app/sub/Misuse.java:[6] error: await in app.sub.Misuse.notAsync(), which is not"
                + " @dev.jawait.Async;"), err());
        assertTrue(err().contains("app/Service.java:[8] warning: [blocking-call] Thread.sleep()"), err());
    }

    @Test
    void aSingleStarStaysWithinOnePackage() {
        assertEquals(Main.OK, instrument("--includes=app.*"));
        assertFalse(err().contains("Misuse"), err());
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("rewrote 1 method in 1 of 1 class"), out());
    }

    @Test
    void aDoubleStarCrossesPackages() {
        assertEquals(Main.MISUSE, instrument("--includes=app.**"));
        assertEquals(Main.OK, instrument("--includes=app/**", "--excludes=app.sub.**"));
    }

    @Test
    void checkLevelsAreTheAgentsAndThePluginsOptions() {
        assertEquals(Main.MISUSE, instrument("--includes=app.*", "--blocking-call=error"));
        assertTrue(err().contains("app/Service.java:[8] error: [blocking-call] Thread.sleep() blocks the thread in"
                + " async method app.Service.handle()"), err());
        stderr.reset();
        assertEquals(Main.OK, instrument("--includes=app.*", "--blocking-call=off", "--never-awaited=error"));
        assertEquals("", err());
    }

    @Test
    void blockingCallsAddCalls() {
        assertEquals(Main.MISUSE, instrument("--includes=app.*", "--blocking-call=error",
                "--blocking-calls=java.util.concurrent.CompletableFuture#completedFuture"));
        assertTrue(err().contains("CompletableFuture.completedFuture() blocks the thread"), err());
    }

    @Test
    void verboseListsTheRewrittenMethods() {
        assertEquals(Main.OK, instrument("--includes=app.*", "--verbose"));
        assertTrue(out().contains("jawait: rewrote app.Service.handle(Ljava/util/concurrent/CompletableFuture;)"),
                out());
    }

    @Test
    void aBadCheckLevelExitsWithTwoAndTheMessageOfEveryFrontEnd() {
        assertEquals(Main.USAGE, instrument("--never-awaited=loud"));
        assertEquals("jawait: option never-awaited: 'loud' is not a check level; accepted:"
                + " never-awaited=error|warning|off", err().strip());
    }

    @Test
    void anUnknownOptionExitsWithTwoAndTheKnownOptions() {
        assertEquals(Main.USAGE, instrument("--fast"));
        assertEquals("jawait: unknown option 'fast'; known options: " + Option.known(), err().strip());
    }

    @Test
    void anEmptyPatternExitsWithTwo() {
        assertEquals(Main.USAGE, instrument("--includes="));
        assertEquals("jawait: option includes: empty pattern in ''; accepted: includes=PATTERN[:PATTERN...]",
                err().strip());
    }

    @Test
    void theAgentsOwnOptionsAreRefused() {
        assertEquals(Main.USAGE, instrument("--dump=/tmp/x"));
        assertEquals("jawait: option dump: only the agent takes this option; accepted: dump=DIR", err().strip());
    }

    @Test
    void theUsageListsEveryOptionOfTheCommandLine() {
        assertEquals(Main.USAGE, Main.run(new String[0], print(stdout), print(stderr)));
        for (Option option : Option.values()) {
            assertEquals(!option.agentOnly(), err().contains("  --" + option.usage() + "\n"), option.id());
        }
    }

    private int instrument(String... options) {
        List<String> args = new ArrayList<>(List.of("instrument", "-d", out.toString(), "-cp",
                TestSources.coreClasses().getPath() + File.pathSeparator));
        args.addAll(List.of(options));
        args.add(classes.toString());
        return Main.run(args.toArray(new String[0]), print(stdout), print(stderr));
    }

    private static PrintStream print(ByteArrayOutputStream buffer) {
        return new PrintStream(buffer, true, StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }
}
