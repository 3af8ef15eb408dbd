package dev.jawait.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.transform.InstrumentReport;
import dev.jawait.transform.Instrumenter;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jawait-core jar on the module path, required by a named application module. */
class ModulePathIT {
    private static final String MODULE_INFO = "module app { requires dev.jawait.core; }";
    private static final String MAIN = String.join("\n",
            "package app;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import dev.jawait.Await;",
            "import dev.jawait.Tasks;",
            "import java.util.List;",
            "import java.util.concurrent.CompletableFuture;",
            "public class Main {",
            "  @Async static CompletableFuture<Integer> twice(int value) {",
            "    await(Tasks.sleep(20));",
            "    return CompletableFuture.completedFuture(2 * value);",
            "  }",
            "  @Async static CompletableFuture<String> program() {",
            "    int first = await(twice(1));",
            "    List<Integer> all = await(Tasks.gather(twice(2), twice(3)));",
            "    try {",
            "      await(CompletableFuture.failedFuture(new IllegalStateException(\"boom\")));",
            "      return CompletableFuture.completedFuture(\"not caught\");",
            "    } catch (IllegalStateException e) {",
            "      return CompletableFuture.completedFuture(first + \" \" + all + \" caught \" + e.getMessage());",
            "    }",
            "  }",
            "  public static void main(String[] args) {",
            "    System.out.println(Main.class.getModule().getName() + \" uses \" + Await.class.getModule().getName());",
            "    CompletableFuture<String> pending = program();",
            "    System.out.println(\"returned before done: \" + !pending.isDone());",
            "    System.out.println(pending.join());",
            "    System.out.println(Tasks.run(Main::program));",
            "  }",
            "}");

    @Test
    void theJarIsTheAutomaticModuleDevJawaitCore() {
        Set<ModuleReference> modules = ModuleFinder.of(coreJar()).findAll();
        assertEquals(1, modules.size());
        ModuleDescriptor descriptor = modules.iterator().next().descriptor();
        assertEquals("dev.jawait.core", descriptor.name());
        assertTrue(descriptor.isAutomatic());
        assertTrue(descriptor.packages().containsAll(Set.of("dev.jawait", "dev.jawait.internal")),
                descriptor.packages().toString());
    }

    @Test
    void aNamedModuleThatRequiresItRunsRewrittenCodeWithOnlyTheJarOnTheModulePath(@TempDir Path work)
            throws Exception {
        Path classes = Files.createDirectories(work.resolve("app"));
        compile(classes);
        InstrumentReport report = new Instrumenter(name -> null, name -> true).instrument(classes, classes);
        assertFalse(report.hasErrors(), report.summary());
        assertEquals(1, report.classesRewritten(), report.summary());

        // No ASM and no class path: the runtime half of the jar needs the JDK alone, and rewritten code reaches
        // dev.jawait.internal because an automatic module exports every package.
        List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", coreJar() + File.pathSeparator + classes, "--module", "app/app.Main");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        assertEquals(List.of("app uses dev.jawait.core", "returned before done: true", "2 [4, 6] caught boom",
                "2 [4, 6] caught boom"), output.lines().collect(Collectors.toList()), output);
    }

    private static void compile(Path output) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(output.toFile()));
            files.setLocation(StandardLocation.MODULE_PATH, List.of(coreJar().toFile()));
            List<JavaFileObject> units = List.of(source("module-info", MODULE_INFO), source("app.Main", MAIN));
            List<String> options = new ArrayList<>(List.of("--release", "11", "-g"));
            assertTrue(javac.getTask(null, files, null, options, null, units).call());
        }
    }

    private static Path coreJar() {
        String jar = System.getProperty("jawait.core.jar");
        assertTrue(jar != null && Files.isRegularFile(Paths.get(jar)), "jawait-core jar: " + jar);
        return Paths.get(jar);
    }

    private static JavaFileObject source(String className, String code) {
        return new SimpleJavaFileObject(java.net.URI.create("string:///" + className.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }
}
