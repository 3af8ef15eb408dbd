package dev.jawait.transform.internal.pass;

import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RuntimeContract;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Makes a rewritten class load jawait's runtime when it is initialized, before any of its methods runs. Otherwise the
 * runtime's first use may come deep in a recursion, or at a stack overflow, where loading a class overflows again: a
 * call would then fail with a second overflow instead of its own, and under the Java agent the JVM prints {@code
 * java.lang.instrument ASSERTION FAILED} for an overflow inside the agent's transformer.
 */
public final class LoadRuntimeEarly {
    private LoadRuntimeEarly() {
    }

    public static void apply(ClassNode owner) {
        InsnList load = new InsnList();
        load.add(RuntimeContract.NOT_DONE.get());
        load.add(new InsnNode(Opcodes.POP));
        for (MethodNode method : owner.methods) {
            if (method.name.equals("<clinit>")) {
                method.instructions.insert(load);
                method.maxStack = Math.max(method.maxStack, 1);
                return;
            }
        }
        MethodNode init = new MethodNode(Names.ASM_API, Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        init.instructions.add(load);
        init.instructions.add(new InsnNode(Opcodes.RETURN));
        init.maxStack = 1;
        owner.methods.add(init);
    }
}
