package dev.jawait.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An application with its own, older ASM on the class path, under the agent, whose ASM is shaded. */
class OwnAsmIT {
    private static final String APP = String.join("\n",
            "package app;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import java.io.File;",
            "import java.util.concurrent.*;",
            "import java.util.function.Supplier;",
            "import org.objectweb.asm.*;",
            "public class OwnAsm {",
            "  static CompletableFuture<Integer> later(int v) {",
            "    return CompletableFuture.supplyAsync(() -> v,",
            "        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));",
            "  }",
            "  @Async static CompletableFuture<Integer> sum(int n) {",
            "    int total = 0;",
            "    for (int i = 1; i <= n; i++) {",
            "      total += await(later(i));",
            "    }",
            "    return CompletableFuture.completedFuture(total);",
            "  }",
            "  /** Generates, with the application's ASM, a Supplier that returns a constant. */",
            "  static byte[] generate(String text) {",
            "    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES);",
            "    cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC, \"gen/Hello\", null, \"java/lang/Object\",",
            "        new String[] {\"java/util/function/Supplier\"});",
            "    MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, \"<init>\", \"()V\", null, null);",
            "    init.visitVarInsn(Opcodes.ALOAD, 0);",
            "    init.visitMethodInsn(Opcodes.INVOKESPECIAL, \"java/lang/Object\", \"<init>\", \"()V\", false);",
            "    init.visitInsn(Opcodes.RETURN);",
            "    init.visitMaxs(0, 0);",
            "    MethodVisitor get = cw.visitMethod(Opcodes.ACC_PUBLIC, \"get\", \"()Ljava/lang/Object;\", null, null);",
            "    get.visitLdcInsn(text);",
            "    get.visitInsn(Opcodes.ARETURN);",
            "    get.visitMaxs(0, 0);",
            "    cw.visitEnd();",
            "    return cw.toByteArray();",
            "  }",
            "  static final class Loader extends ClassLoader {",
            "    Class<?> define(byte[] bytes) { return defineClass(\"gen.Hello\", bytes, 0, bytes.length); }",
            "  }",
            "  public static void main(String[] args) throws Exception {",
            "    String jar = new File(ClassWriter.class.getProtectionDomain().getCodeSource().getLocation().toURI())",
            "        .getName();",
            "    boolean knowsJava19 = false;",
            "    try {",
            "      Opcodes.class.getField(\"V19\");",
            "      knowsJava19 = true;",
            "    } catch (NoSuchFieldException e) {",
            "    }",
            "    System.out.println(\"application's ASM: \" + jar + \", knows Java 19: \" + knowsJava19);",
            "    Supplier<?> hello = (Supplier<?>) new Loader().define(generate(\"made by ASM 9.2\"))",
            "        .getDeclaredConstructor().newInstance();",
            "    System.out.println(\"generated class says: \" + hello.get());",
            "    CompletableFuture<Integer> result = sum(5);",
            "    System.out.println(\"returned before done: \" + !result.isDone());",
            "    System.out.println(\"sum: \" + result.join());",
            "  }",
            "}");

    @TempDir
    static Path classes;

    @BeforeAll
    static void compileApplication() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classes.toFile()));
            files.setLocation(StandardLocation.CLASS_PATH, List.of(new File(applicationAsm()), TestSources.coreClasses()));
            List<JavaFileObject> units = List.of(TestSources.source("app.OwnAsm", APP));
            assertTrue(javac.getTask(null, files, null, List.of("--release", "11", "-g"), null, units).call());
        }
    }

    @Test
    void theAgentJarHoldsNoClassOutsideDevJawait() throws IOException {
        try (JarFile jar = new JarFile(agentJar())) {
            List<String> foreign = Collections.list(jar.entries()).stream()
                    .map(entry -> entry.getName())
                    .filter(name -> name.endsWith(".class") && !name.startsWith("dev/jawait/"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), foreign);
            assertTrue(jar.getEntry("dev/jawait/agent/shaded/asm/ClassWriter.class") != null, "ASM is relocated");
        }
    }

    @Test
    void theApplicationUsesItsOwnAsmWhileTheAgentRewritesItsAsyncMethods() throws Exception {
        String classPath = String.join(File.pathSeparator, classes.toString(), applicationAsm(),
                TestSources.coreClasses().getPath());
        List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agentJar() + "=verbose", "-cp", classPath, "app.OwnAsm");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        assertEquals(List.of(
                "[jawait] agent 0.1.0-SNAPSHOT installed",
                "[jawait] rewrote app.OwnAsm.sum(I)Ljava/util/concurrent/CompletableFuture;",
                "application's ASM: asm-9.2.jar, knows Java 19: false",
                "generated class says: made by ASM 9.2",
                "returned before done: true",
                "sum: 15"), output.lines().collect(Collectors.toList()), output);
    }

    /** ASM 9.2, copied by the build (maven-dependency-plugin), never on this test's own class path. */
    private static String applicationAsm() {
        String jar = System.getProperty("app.asm.jar");
        assertTrue(jar != null && new File(jar).isFile(), "ASM 9.2 jar: " + jar);
        return jar;
    }

    private static String agentJar() {
        String agentJar = System.getProperty("jawait.agent.jar");
        assertTrue(agentJar != null && new File(agentJar).isFile(), "agent jar: " + agentJar);
        return agentJar;
    }

}
