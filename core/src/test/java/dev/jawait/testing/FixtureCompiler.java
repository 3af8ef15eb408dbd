package dev.jawait.testing;

import dev.jawait.Await;
import dev.jawait.fixtures.F;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles fixture sources in memory, against jawait and the fixture helpers, with javac or the Eclipse compiler. */
public final class FixtureCompiler {
    /** The compilers whose output jawait must rewrite. */
    public enum Kind {
        JAVAC, ECJ;

        JavaCompiler tool() {
            return ToolProvider.getSystemJavaCompiler();
        }

        List<String> extraOptions() {
            return List.of("-Xlint:-options");
        }
    }

    private FixtureCompiler() {
    }

    /** Compiles {@code sources} (class name → source) with javac at {@code release}. */
    public static Map<String, byte[]> compile(Map<String, String> sources, int release) {
        return compile(sources, release, Kind.JAVAC);
    }

    /** Compiles {@code sources} (class name → source) at {@code release}; returns internal name → class file. */
    public static Map<String, byte[]> compile(Map<String, String> sources, int release, Kind kind) {
        if (kind == Kind.ECJ) {
            return compileOnDisk(sources, release);
        }
        JavaCompiler javac = kind.tool();
        DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(problems, Locale.ROOT, StandardCharsets.UTF_8);
        Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
        JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                    FileObject sibling) {
                return new SimpleJavaFileObject(uri(className, kind), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        outputs.put(className.replace('.', '/'), out);
                        return out;
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(uri(name, JavaFileObject.Kind.SOURCE),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        }));
        List<String> options = new ArrayList<>(List.of("--release", Integer.toString(release), "-g",
                "-classpath", classPath()));
        options.addAll(kind.extraOptions());
        boolean ok = javac.getTask(null, files, problems, options, null, units).call();
        if (!ok) {
            StringBuilder message = new StringBuilder("fixture does not compile with " + kind + ":\n");
            for (Diagnostic<? extends JavaFileObject> d : problems.getDiagnostics()) {
                message.append(d.getKind()).append(" line ").append(d.getLineNumber()).append(": ")
                        .append(d.getMessage(Locale.ROOT)).append('\n');
            }
            throw new IllegalArgumentException(message.toString());
        }
        Map<String, byte[]> classes = new TreeMap<>();
        outputs.forEach((name, out) -> classes.put(name, out.toByteArray()));
        return classes;
    }

    /** ecj's javax.tools side reads sources by file name, so it gets real files in a scratch folder. */
    private static Map<String, byte[]> compileOnDisk(Map<String, String> sources, int release) {
        return compileInScratchFolder(sources, release, (arguments, problems) ->
                org.eclipse.jdt.core.compiler.batch.BatchCompiler.compile(arguments.toArray(new String[0]),
                        new java.io.PrintWriter(problems), new java.io.PrintWriter(problems), null), "ECJ",
                List.of("-warn:none"));
    }

    /**
     * Compiles with the {@code javac} of this JDK in a process of its own: a differential fuzzer's long-lived JVM
     * has twice seen javac refuse a batch that the same javac compiles in a fresh JVM.
     */
    public static Map<String, byte[]> compileInNewProcess(Map<String, String> sources, int release) {
        return compileInScratchFolder(sources, release, (arguments, problems) -> {
            List<String> command = new ArrayList<>();
            command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "javac").toString());
            command.addAll(arguments);
            try {
                Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
                problems.write(new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                return javac.waitFor() == 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "javac in a new process", Kind.JAVAC.extraOptions());
    }

    /** A compiler that takes command-line arguments and writes its complaints to the writer it is given. */
    private interface CommandLineCompiler {
        boolean compile(List<String> arguments, java.io.StringWriter problems);
    }

    private static Map<String, byte[]> compileInScratchFolder(Map<String, String> sources, int release,
            CommandLineCompiler compiler, String compilerName, List<String> compilerOptions) {
        try {
            java.nio.file.Path root = java.nio.file.Files.createTempDirectory("jawait-compile");
            try {
                java.nio.file.Path sourceRoot = root.resolve("src");
                java.nio.file.Path classRoot = root.resolve("classes");
                List<String> arguments = new ArrayList<>(List.of("--release", Integer.toString(release), "-g",
                        "-classpath", classPath(), "-d", classRoot.toString()));
                arguments.addAll(compilerOptions);
                for (Map.Entry<String, String> source : sources.entrySet()) {
                    java.nio.file.Path file = sourceRoot.resolve(source.getKey().replace('.', '/') + ".java");
                    java.nio.file.Files.createDirectories(file.getParent());
                    java.nio.file.Files.writeString(file, source.getValue());
                    arguments.add(file.toString());
                }
                java.io.StringWriter problems = new java.io.StringWriter();
                if (!compiler.compile(arguments, problems)) {
                    throw new IllegalArgumentException("fixture does not compile with " + compilerName + ":\n"
                            + problems);
                }
                Map<String, byte[]> classes = new TreeMap<>();
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(classRoot)) {
                    for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
                        String name = classRoot.relativize(file).toString().replace('\\', '/');
                        if (name.endsWith(".class")) {
                            classes.put(name.substring(0, name.length() - 6), java.nio.file.Files.readAllBytes(file));
                        }
                    }
                }
                return classes;
            } finally {
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(root)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static URI uri(String className, JavaFileObject.Kind kind) {
        return URI.create("mem:///" + className.replace('.', '/') + kind.extension);
    }

    /** jawait's classes and the fixture helpers, wherever the build put them. */
    static String classPath() {
        return location(Await.class) + File.pathSeparator + location(F.class);
    }

    private static String location(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
