package dev.jawait.transform;

import dev.jawait.transform.internal.Names;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Tells, for the frame class files found in a folder or a jar, which ones an earlier build left behind: the frame
 * class of a method that no longer suspends, of a class that no longer awaits at all, or of a class that is gone. The
 * rewritten code never loads such a file (a file it loads is shape-checked), but it would ship in the jar, and tools
 * that read every class (shrinkers, native-image, class scanners) would meet references to methods that are gone.
 *
 * <p>What it knows comes from the classes of the same run, by path: a class rewritten now keeps exactly the frame
 * classes written now; a class looked at and neither rewritten now nor by an earlier run keeps none; a class an
 * earlier run rewrote, or that the filter leaves out, keeps whatever files it has.
 */
final class FrameClassLeftovers {
    /** What becomes of a frame class file found in the input. */
    enum Fate {
        /** Its class is as an earlier run left it, or not jawait's to judge: the file stays. */
        KEPT,
        /** Its class was rewritten now, and the file written again with it. */
        WRITTEN,
        /** A leftover: removed. */
        STALE
    }

    /** Class file path → the frame class file paths it uses, for the classes this run decided. */
    private final Map<String, Set<String>> framesOfClass = new HashMap<>();
    /** Every class file path of the input, to find the frame classes of classes that are gone. */
    private final Set<String> classFiles = new HashSet<>();

    /** Whether {@code path} names a frame class file (of any class, in any folder). */
    static boolean isFrameClassFile(String path) {
        return path.endsWith(".class") && Names.isFrameClassName(path.substring(0, path.length() - ".class".length()));
    }

    /**
     * Whether the class file at {@code path}, {@code bytes}, is one of jawait's frame classes: named as one, and a
     * subclass of the runtime's frame (or no class file at all, which is no class of the program's either). A class of
     * the program's own that happens to have such a name is rewritten like any other, never taken for a leftover and
     * deleted.
     */
    static boolean isFrameClassFile(String path, byte[] bytes) {
        if (!isFrameClassFile(path)) {
            return false;
        }
        try {
            return Names.FRAME.equals(new org.objectweb.asm.ClassReader(bytes).getSuperName());
        } catch (RuntimeException unreadable) {
            return true;
        }
    }

    /**
     * Notes the class file {@code classFile} of the input and what became of it: {@code result} is null if the filter
     * left it out; {@code written} are the frame class files written with it if it was rewritten now.
     */
    void found(String classFile, TransformResult result, Collection<String> written) {
        classFiles.add(classFile);
        if (result == null || result.alreadyRewritten()) {
            return;
        }
        framesOfClass.put(classFile, result.changed() ? new HashSet<>(written) : Set.of());
    }

    /**
     * The class file {@code classFile} was rewritten but could not be written, and stays as it was: the frame class
     * files an earlier build wrote for it fit no class now, and go.
     */
    void refused(String classFile) {
        framesOfClass.put(classFile, Set.of());
    }

    /** What becomes of the frame class file {@code path}, once every class file of the input was seen. */
    Fate fateOf(String path) {
        String classFile = Names.frameClassOwner(path.substring(0, path.length() - ".class".length())) + ".class";
        if (!classFiles.contains(classFile)) {
            return Fate.STALE;
        }
        Set<String> used = framesOfClass.get(classFile);
        if (used == null) {
            return Fate.KEPT;
        }
        return used.contains(path) ? Fate.WRITTEN : Fate.STALE;
    }
}
