package dev.jawait.transform.internal.scan;

import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** A method the transformer will rewrite: an {@code @Async} method, or a lambda body that returns a stage. */
public final class AsyncMethod {
    private final MethodNode method;
    private final List<MethodInsnNode> awaits;
    private final boolean lambda;

    AsyncMethod(MethodNode method, List<MethodInsnNode> awaits, boolean lambda) {
        this.method = method;
        this.awaits = awaits;
        this.lambda = lambda;
    }

    public MethodNode method() {
        return method;
    }

    /** The calls to {@code Await.await} in the method, in code order. */
    public List<MethodInsnNode> awaits() {
        return awaits;
    }

    public boolean isLambda() {
        return lambda;
    }

    public Type returnType() {
        return Type.getReturnType(method.desc);
    }
}
