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

/** Compiles fixture sources in memory with the running JDK's javac, against jawait and the fixture helpers. */
public final class FixtureCompiler {
    private FixtureCompiler() {
    }

    /** Compiles {@code sources} (class name → source) at {@code release}; returns internal name → class file. */
    public static Map<String, byte[]> compile(Map<String, String> sources, int release) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
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
        List<String> options = List.of("--release", Integer.toString(release), "-g", "-Xlint:-options",
                "-classpath", classPath());
        boolean ok = javac.getTask(null, files, problems, options, null, units).call();
        if (!ok) {
            StringBuilder message = new StringBuilder("fixture does not compile:\n");
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
