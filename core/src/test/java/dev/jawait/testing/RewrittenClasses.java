package dev.jawait.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.transform.ClassHierarchy;
import dev.jawait.transform.Diagnostic;
import dev.jawait.transform.TransformResult;
import dev.jawait.transform.Transformer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Fixture classes rewritten by the transformer, checked by ASM's {@code CheckClassAdapter} and loaded by a class
 * loader of their own, so that the JVM verifies them too.
 */
public final class RewrittenClasses extends ClassLoader {
    private final Map<String, byte[]> classes = new LinkedHashMap<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<String> rewrittenMethods = new ArrayList<>();
    /** Kept apart from {@link #classes}: this loader has no file for them, as under the agent. */
    private final Map<String, byte[]> frameClasses = new LinkedHashMap<>();

    private RewrittenClasses(Map<String, byte[]> original, boolean rewrite) {
        super(RewrittenClasses.class.getClassLoader());
        if (!rewrite) {
            classes.putAll(original);
            return;
        }
        ClassHierarchy hierarchy = withFallback(original);
        Transformer transformer = new Transformer(hierarchy);
        original.forEach((name, bytes) -> {
            TransformResult result = transformer.transform(bytes);
            diagnostics.addAll(result.diagnostics());
            result.rewrittenMethods().forEach(m -> rewrittenMethods.add(name + "." + m));
            classes.put(name, result.changed() ? result.bytes() : bytes);
            frameClasses.putAll(result.frameClasses());
        });
    }

    private static ClassHierarchy withFallback(Map<String, byte[]> original) {
        ClassLoader loader = RewrittenClasses.class.getClassLoader();
        return new ClassHierarchy(name -> {
            byte[] bytes = original.get(name);
            if (bytes != null) {
                return bytes;
            }
            try (var in = loader.getResourceAsStream(name + ".class")) {
                return in == null ? null : in.readAllBytes();
            }
        });
    }

    /** Rewrites every class; fails if CheckClassAdapter finds a problem in any of them or their frame classes. */
    public static RewrittenClasses rewrite(Map<String, byte[]> original) {
        RewrittenClasses loaded = new RewrittenClasses(original, true);
        loaded.checkAll();
        return loaded;
    }

    /** The classes as javac made them, for the blocking reference run. */
    public static RewrittenClasses unchanged(Map<String, byte[]> original) {
        return new RewrittenClasses(original, false);
    }

    private void checkAll() {
        Map<String, byte[]> all = new LinkedHashMap<>(classes);
        all.putAll(frameClasses);
        all.forEach((name, bytes) -> {
            StringWriter problems = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(bytes), this, false, new PrintWriter(problems));
            assertEquals("", problems.toString(), "CheckClassAdapter on " + name);
        });
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public List<String> rewrittenMethods() {
        return rewrittenMethods;
    }

    /** The frame classes the rewriting produced, internal name to class file (see {@code TransformResult}). */
    public Map<String, byte[]> frameClasses() {
        return frameClasses;
    }

    /** The internal names of the classes this loader serves, rewritten or not; frame classes are not among them. */
    public java.util.Set<String> classNames() {
        return java.util.Collections.unmodifiableSet(classes.keySet());
    }

    public byte[] bytes(String internalName) {
        return classes.get(internalName);
    }

    /** Whether this loader has defined {@code binaryName}, rewritten or not (a frame class at run time, say). */
    public boolean hasLoaded(String binaryName) {
        return findLoadedClass(binaryName) != null;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            byte[] bytes = classes.get(name.replace('.', '/'));
            if (bytes == null) {
                return super.loadClass(name, resolve);
            }
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }
}
