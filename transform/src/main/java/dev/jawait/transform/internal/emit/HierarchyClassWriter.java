package dev.jawait.transform.internal.emit;

import dev.jawait.transform.ClassHierarchy;
import org.objectweb.asm.ClassWriter;

/** A {@code ClassWriter} that computes frames from class files instead of loading classes. */
public final class HierarchyClassWriter extends ClassWriter {
    private final ClassHierarchy hierarchy;

    public HierarchyClassWriter(ClassHierarchy hierarchy) {
        super(COMPUTE_FRAMES);
        this.hierarchy = hierarchy;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        return hierarchy.commonSuperClass(type1, type2);
    }
}
