package dev.jawait.transform.internal.analysis;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/** A frame that turns every copy of an uninitialized object into an initialized one when its constructor runs. */
final class TypedFrame extends Frame<BasicValue> {
    TypedFrame(int numLocals, int maxStack) {
        super(numLocals, maxStack);
    }

    TypedFrame(Frame<? extends BasicValue> frame) {
        super(frame);
    }

    @Override
    public void execute(AbstractInsnNode insn, Interpreter<BasicValue> interpreter) throws AnalyzerException {
        if (insn.getOpcode() != Opcodes.INVOKESPECIAL || !((MethodInsnNode) insn).name.equals("<init>")) {
            super.execute(insn, interpreter);
            return;
        }
        int arguments = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
        BasicValue receiver = getStack(getStackSize() - arguments - 1);
        super.execute(insn, interpreter);
        if (receiver instanceof NewValue) {
            BasicValue initialized = interpreter.newValue(receiver.getType());
            for (int i = 0; i < getLocals(); i++) {
                if (receiver.equals(getLocal(i))) {
                    setLocal(i, initialized);
                }
            }
            for (int i = 0; i < getStackSize(); i++) {
                if (receiver.equals(getStack(i))) {
                    setStack(i, initialized);
                }
            }
        }
    }
}
