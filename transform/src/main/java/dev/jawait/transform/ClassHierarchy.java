package dev.jawait.transform;

import dev.jawait.transform.internal.Names;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Super classes and interfaces of the classes a transformation meets, read from class files, never by loading a
 * class: the transformer runs while classes are being defined, and must not initialize application code.
 */
public final class ClassHierarchy {
    /** Finds the bytes of a class file by internal name ({@code java/lang/String}); null if there is none. */
    @FunctionalInterface
    public interface ClassFileLocator {
        byte[] find(String internalName) throws IOException;
    }

    /** What the hierarchy needs of one class. */
    private static final class Node {
        final String superName;
        final List<String> interfaces;
        final boolean isInterface;

        Node(String superName, List<String> interfaces, boolean isInterface) {
            this.superName = superName;
            this.interfaces = interfaces;
            this.isInterface = isInterface;
        }
    }

    private final ClassFileLocator locator;
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    /** Per class, {@code name + descriptor} of each method annotated {@code @dev.jawait.Async}. */
    private final Map<String, Set<String>> asyncMethods = new ConcurrentHashMap<>();

    public ClassHierarchy(ClassFileLocator locator) {
        this.locator = locator;
    }

    /**
     * Class files from {@code loader}'s resources, then from the system class loader (which reaches the JDK). The
     * loader is held weakly: an agent caches one hierarchy per loader, and must not keep a dropped loader alive
     * (once it is gone, nothing of it can be transformed any more).
     */
    public static ClassHierarchy of(ClassLoader loader) {
        WeakReference<ClassLoader> weakLoader = new WeakReference<>(loader);
        boolean bootstrap = loader == null;
        return new ClassHierarchy(name -> {
            String resource = name + ".class";
            ClassLoader live = weakLoader.get();
            if (!bootstrap && live == null) {
                throw new IOException("the class loader of " + name + " was garbage-collected");
            }
            InputStream in = live != null ? live.getResourceAsStream(resource) : null;
            if (in == null) {
                in = ClassLoader.getSystemResourceAsStream(resource);
            }
            if (in == null) {
                return null;
            }
            try (InputStream stream = in) {
                return stream.readAllBytes();
            }
        });
    }

    /** Makes a class known that is not (yet) findable, such as the one being transformed. */
    public void add(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        nodes.put(reader.getClassName(), nodeOf(reader));
        asyncMethods.put(reader.getClassName(), asyncMethodsOf(reader));
    }

    /**
     * Whether {@code owner.name(descriptor)}, or the method it inherits by that name, is annotated {@code
     * @dev.jawait.Async}; read from class files. False when a class on the way is missing.
     */
    public boolean isAsyncMethod(String owner, String name, String descriptor) {
        String method = name + descriptor;
        try {
            for (String type = owner; type != null; type = node(type).superName) {
                if (declaredAsyncMethods(type).contains(method)) {
                    return true;
                }
            }
        } catch (TypeNotFoundException unknown) {
            return false;
        }
        return false;
    }

    private Set<String> declaredAsyncMethods(String internalName) {
        Set<String> found = asyncMethods.get(internalName);
        if (found == null) {
            byte[] bytes;
            try {
                bytes = internalName.equals("java/lang/Object") ? null : locator.find(internalName);
            } catch (IOException e) {
                throw new TypeNotFoundException(internalName, e);
            }
            found = bytes == null ? Set.of() : asyncMethodsOf(new ClassReader(bytes));
            asyncMethods.put(internalName, found);
        }
        return found;
    }

    private static Set<String> asyncMethodsOf(ClassReader reader) {
        Set<String> found = new HashSet<>();
        reader.accept(new ClassVisitor(Names.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Names.ASM_API) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        if (annotation.equals(Names.ASYNC_DESC)) {
                            found.add(name + descriptor);
                        }
                        return null;
                    }
                };
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found.isEmpty() ? Set.of() : found;
    }

    public boolean isInterface(String internalName) {
        return node(internalName).isInterface;
    }

    /** Whether a value of class {@code from} can be stored in a variable of type {@code to} (both classes). */
    public boolean isAssignable(String to, String from) {
        if (to.equals(from) || to.equals("java/lang/Object")) {
            return true;
        }
        Node node = node(from);
        if (node.superName != null && isAssignable(to, node.superName)) {
            return true;
        }
        for (String itf : node.interfaces) {
            if (isAssignable(to, itf)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The most specific class both extend, as the JVM's verifier sees it: an interface on either side gives {@code
     * java/lang/Object}.
     */
    public String commonSuperClass(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (isInterface(a) || isInterface(b)) {
            return "java/lang/Object";
        }
        List<String> chainOfA = new ArrayList<>();
        for (String c = a; c != null; c = node(c).superName) {
            chainOfA.add(c);
        }
        for (String c = b; c != null; c = node(c).superName) {
            if (chainOfA.contains(c)) {
                return c;
            }
        }
        return "java/lang/Object";
    }

    private Node node(String internalName) {
        Node node = nodes.get(internalName);
        if (node == null) {
            node = read(internalName);
            nodes.put(internalName, node);
        }
        return node;
    }

    private Node read(String internalName) {
        if (internalName.equals("java/lang/Object")) {
            return new Node(null, Collections.emptyList(), false);
        }
        byte[] bytes;
        try {
            bytes = locator.find(internalName);
        } catch (IOException e) {
            throw new TypeNotFoundException(internalName, e);
        }
        if (bytes == null) {
            throw new TypeNotFoundException(internalName, null);
        }
        return nodeOf(new ClassReader(bytes));
    }

    private static Node nodeOf(ClassReader reader) {
        return new Node(reader.getSuperName(), List.of(reader.getInterfaces()),
                (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0);
    }
}
