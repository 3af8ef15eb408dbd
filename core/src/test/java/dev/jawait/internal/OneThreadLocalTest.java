package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The runtime keeps what it needs per thread (the loop, the task context, the trampoline) behind one {@code
 * ThreadLocal}, {@link ThreadState}'s, so that a suspension costs one lookup at most (issue 12, item 4). Read from the
 * runtime's class files: no other class of it declares a {@code ThreadLocal} or calls one, but {@code ThreadContext},
 * which reads the user's own locals that the user asked it to carry.
 */
class OneThreadLocalTest {
    private static final String THREAD_LOCAL = "java/lang/ThreadLocal";

    @Test
    void threadStateHoldsTheRuntimesOnlyThreadLocal() throws IOException, URISyntaxException {
        Map<String, Set<String>> declaring = new TreeMap<>();
        Map<String, Set<String>> calling = new TreeMap<>();
        List<Path> classFiles = runtimeClassFiles();
        assertTrue(classFiles.size() > 50, "found the runtime's class files: " + classFiles.size());
        for (Path file : classFiles) {
            ClassNode node = read(file);
            for (FieldNode field : node.fields) {
                if (isThreadLocal(Type.getType(field.desc))) {
                    declaring.computeIfAbsent(node.name, k -> new TreeSet<>()).add(field.name);
                }
            }
            for (MethodNode method : node.methods) {
                for (AbstractInsnNode insn : method.instructions) {
                    if (insn instanceof MethodInsnNode && isThreadLocal(((MethodInsnNode) insn).owner)) {
                        calling.computeIfAbsent(node.name, k -> new TreeSet<>())
                                .add(((MethodInsnNode) insn).name);
                    }
                }
            }
        }
        assertEquals(Map.of("dev/jawait/internal/ThreadState", Set.of("CURRENT")), declaring);
        assertEquals(Set.of("dev/jawait/internal/ThreadState", "dev/jawait/ThreadContext"), calling.keySet(),
                "classes calling a ThreadLocal: " + calling);
        assertEquals(Set.of("get", "withInitial"), calling.get("dev/jawait/internal/ThreadState"));
    }

    private static boolean isThreadLocal(Type type) {
        return type.getSort() == Type.OBJECT && isThreadLocal(type.getInternalName());
    }

    private static boolean isThreadLocal(String internalName) {
        return internalName.equals(THREAD_LOCAL) || internalName.equals("java/lang/InheritableThreadLocal");
    }

    /** The class files of the runtime (core's main classes) that ThreadState was loaded from. */
    private static List<Path> runtimeClassFiles() throws IOException, URISyntaxException {
        Path root = Path.of(ThreadState.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root.resolve("dev/jawait"))) {
            return files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList());
        }
    }

    private static ClassNode read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            ClassNode node = new ClassNode();
            new ClassReader(in).accept(node, ClassReader.SKIP_DEBUG);
            return node;
        }
    }
}
