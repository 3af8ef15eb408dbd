package dev.jawait.transform.internal.pass;

import dev.jawait.transform.internal.Instructions;
import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RuntimeContract;
import dev.jawait.transform.internal.RewriteException;
import dev.jawait.transform.internal.SourceLines;
import dev.jawait.transform.internal.analysis.FlowAnalysis;
import dev.jawait.transform.internal.analysis.Liveness;
import dev.jawait.transform.internal.analysis.NewValue;
import dev.jawait.transform.internal.analysis.TypeInterpreter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Turns the body into a state machine. Each {@code await(stage)} becomes (stack after each step in brackets):
 * <pre>
 *   INVOKESTATIC toFuture          [..., future]
 *   DUP; INVOKESTATIC tryResult    [..., future, result]  -- one read: the value, the original exception, or NOT_DONE
 *   DUP; GETSTATIC NOT_DONE
 *   IF_ACMPEQ suspendN             [..., future, result]  -- not done: drop the marker, save state, return the frame
 *   SWAP; POP; GOTO doneN          [..., value]
 * getN:                            [...]                  -- resumed here, the future complete
 *   ALOAD frame
 *   INVOKEVIRTUAL takeOutcome      [..., value]           -- one read: the value, or the original exception
 * doneN:
 * </pre>
 * All of it stays where the await was, inside the same try blocks, so a failed future throws at the await. The
 * blocks {@code suspendN} (spill the stack and the live locals into the frame, set its label, register it on the
 * future, return it) and {@code restoreN} (reload them, jump to {@code getN}) are appended after
 * the code, outside every try block of the method's own (a suspend path whose future may be an inner entry's frame
 * has a handler of its own: see {@link #registerIfAbandoned}). A switch on the frame's label at entry jumps to {@code
 * restoreN}. A restore block clears each reference field it reads, so that the frame keeps only what the call needs
 * at its next await; but a local that nothing assigns once an await is reached (the receiver, most parameters) is
 * saved into a new frame only, and its field stays set until the body ends ({@link #findSavedOnce}).
 *
 * <p>This body is the resume path: the method's frame class ({@link FrameClass}) enters it with the frame. A call's
 * first run does not go through it but through the method itself ({@link FirstRun}), built from the same {@link
 * AwaitSite}s, so that its suspend paths fill the frame slot for slot as this body's restore blocks read it.
 */
public final class BuildStateMachine {
    private final String owner;
    private final MethodNode body;
    private final int frameLocal;
    /** The method's frame class (see {@link FrameClass}), and its class file once the sites are planned. */
    private final String frameClass;
    private final boolean ownerIsInterface;
    private final int classVersion;
    private FrameClass frameClassFile;
    private FrameLayout layout;
    private static final int MAX_LOCALS = 65535;
    private final List<AwaitSite> sites = new ArrayList<>();
    private final Map<SlotKind, Integer> slotsNeeded = new EnumMap<>(SlotKind.class);
    /** The locals saved once per call, each with its spill at the first await that keeps it. */
    private final Map<Integer, Spill> savedOnce = new LinkedHashMap<>();
    private int tempBase;

    /**
     * One await: where it is, and what it must save. The one description of an await point that both the resume path
     * (this pass) and the first run ({@link FirstRun}) emit code from.
     */
    static final class AwaitSite {
        final MethodInsnNode call;
        /** Its position in the body's instructions before this pass changed them. */
        final int index;
        final int label;
        final int line;
        final List<Spill> locals = new ArrayList<>();
        final List<Spill> stack = new ArrayList<>();
        final LabelNode get = new LabelNode();
        final LabelNode done = new LabelNode();
        final LabelNode suspend = new LabelNode();
        final LabelNode restore = new LabelNode();
        /** Whether its future may be a callee's frame whose chain nobody registered (see {@link InnerEntries}). */
        final boolean mayAwaitInnerEntry;

        AwaitSite(String owner, MethodInsnNode call, int index, int label) {
            this.call = call;
            this.index = index;
            this.label = label;
            this.line = SourceLines.lineOf(call);
            this.mayAwaitInnerEntry = InnerEntries.mayAwaitInnerEntry(owner, call);
        }

        /** What it saves: the locals, then the stack entries. */
        List<Spill> spills() {
            List<Spill> all = new ArrayList<>(locals);
            all.addAll(stack);
            return all;
        }
    }

    /**
     * One saved value: a local (or a stack entry, then {@code local} is its temporary), its frame slot, and the
     * source variable it is, if the class file names it.
     */
    static final class Spill {
        final Type type;
        final SlotKind kind;
        final int slot;
        /** The variable's entry in the local variable table, or null. */
        final LocalVariableNode variable;
        int local;

        Spill(Type type, SlotKind kind, int slot, int local, LocalVariableNode variable) {
            this.type = type;
            this.kind = kind;
            this.slot = slot;
            this.local = local;
            this.variable = variable;
        }

        /** The source variable's name, or null for a stack entry or a local the class file does not name. */
        String name() {
            return variable == null ? null : variable.name;
        }

        /**
         * The variable's type as its descriptor's first character: the declared one, which tells a {@code boolean}
         * or a {@code char} from the {@code int} the analysis sees ({@code L} for arrays too).
         */
        char sort() {
            char declared = variable != null ? variable.desc.charAt(0) : type.getDescriptor().charAt(0);
            return declared == '[' ? 'L' : declared;
        }

        boolean isNull() {
            return kind == null;
        }
    }

    private final String sourceFile;

    public BuildStateMachine(String owner, String sourceFile, boolean ownerIsInterface, int classVersion,
            MethodNode body, int frameLocal, String frameClass) {
        this.owner = owner;
        this.sourceFile = sourceFile;
        this.ownerIsInterface = ownerIsInterface;
        this.classVersion = classVersion;
        this.body = body;
        this.frameLocal = frameLocal;
        this.frameClass = frameClass;
    }

    public void apply(FlowAnalysis flow, Liveness liveness, List<Integer> awaitIndexes) throws RewriteException {
        tempBase = body.maxLocals;
        int tempsNeeded = 1;
        for (int index : awaitIndexes) {
            Frame<BasicValue> frame = flow.frame(index);
            if (frame == null) {
                continue; // unreachable: COMPUTE_FRAMES replaces it, no state to save
            }
            AwaitSite site = new AwaitSite(owner, (MethodInsnNode) body.instructions.get(index), index,
                    sites.size() + 1);
            tempsNeeded = Math.max(tempsNeeded, planSite(site, frame, liveness, index));
            sites.add(site);
        }
        body.maxLocals = tempBase + tempsNeeded;
        layout = FrameLayout.of(slotsNeeded, sites);
        findSavedOnce(flow);
        frameClassFile = FrameClass.write(classVersion, frameClass, owner, ownerIsInterface, sourceFile, body.name,
                body.desc, layout, site());
        if (body.maxLocals > MAX_LOCALS) {
            throw new RewriteException("rewriting needs " + body.maxLocals + " local variable slots, over the JVM's"
                    + " limit of " + MAX_LOCALS + "; split the method", (org.objectweb.asm.tree.AbstractInsnNode) null);
        }
        for (AwaitSite site : sites) {
            replaceAwait(site);
        }
        completeFrameOnReturn();
        releaseSavedOnceOnReturn();
        hideVariablesNotKeptAcrossAwaits();
        for (AwaitSite site : sites) {
            body.instructions.add(suspendBlock(site, site.suspend, true, body.tryCatchBlocks));
        }
        for (AwaitSite site : sites) {
            body.instructions.add(restoreBlock(site));
        }
        if (!sites.isEmpty()) {
            body.instructions.insert(entrySwitch());
        }
        releaseSavedOnceOnThrow();
    }

    /**
     * Finds the locals saved once per call: those that no instruction reachable from an await assigns (the receiver,
     * the parameters the method never assigns, a local set before the first await and left alone after it), each
     * saved in the same field at every await that keeps it. A call's first suspension saves them, and their fields
     * hold them for the rest of the call, so the resume path neither clears such a field when it restores the local
     * nor saves the local again: a loop of awaits stores only what it changes. A reference field is cleared where its
     * value is no longer needed instead: at a suspension where the local is dead (it stays dead, since nothing assigns
     * it from there on), and when the body ends, by a return or a throw, so that neither a suspended call nor a
     * completed one keeps it. A running call's frame does keep it until then, past the local's last use too (the
     * stretch after a loop of awaits, say), as a Kotlin continuation keeps its spilled fields while it runs.
     */
    private void findSavedOnce(FlowAnalysis flow) {
        Set<Integer> assigned = assignedAfterAnAwait(flow);
        Set<Integer> excluded = new HashSet<>();
        for (AwaitSite site : sites) {
            for (Spill spill : site.locals) {
                int local = spill.local;
                if (assigned.contains(local) || spill.isNull()) {
                    excluded.add(local);
                    continue;
                }
                String field = layout.field(spill.kind, spill.slot);
                Spill first = savedOnce.putIfAbsent(local, spill);
                if (first != null && !field.equals(layout.field(first.kind, first.slot))) {
                    excluded.add(local); // in different fields at different awaits: saved at each
                }
            }
        }
        savedOnce.keySet().removeAll(excluded);
    }

    /** The locals that an instruction reachable from an await assigns, following exceptions too. */
    private Set<Integer> assignedAfterAnAwait(FlowAnalysis flow) {
        int size = body.instructions.size();
        BitSet reached = new BitSet(size);
        ArrayDeque<Integer> toVisit = new ArrayDeque<>();
        for (AwaitSite site : sites) {
            toVisit.add(site.index);
        }
        Set<Integer> assigned = new HashSet<>();
        for (Integer next; (next = toVisit.poll()) != null;) {
            if (reached.get(next)) {
                continue;
            }
            reached.set(next);
            int local = Liveness.assignedLocal(body.instructions.get(next));
            if (local >= 0) {
                assigned.add(local);
            }
            toVisit.addAll(flow.successors(next));
            toVisit.addAll(flow.handlers(next));
        }
        return assigned;
    }

    /** Whether {@code spill} is a local saved once per call (see {@link #findSavedOnce}). */
    private boolean isSavedOnce(Spill spill) {
        return savedOnce.containsKey(spill.local) && spill.kind != null;
    }

    /** The reference fields of the locals saved once, which the end of the body clears. */
    private List<String> savedOnceReferenceFields() {
        List<String> fields = new ArrayList<>();
        for (Spill spill : savedOnce.values()) {
            if (spill.kind == SlotKind.REFERENCE) {
                fields.add(layout.field(spill.kind, spill.slot));
            }
        }
        return fields;
    }

    /**
     * Clears {@code fields} in the frame, if there is one (the resume path is entered with it; the check keeps these
     * lines from depending on that). Leaves the stack as it was.
     */
    private InsnList clearFields(List<String> fields) {
        InsnList code = new InsnList();
        LabelNode noFrame = new LabelNode();
        code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        code.add(new JumpInsnNode(Opcodes.IFNULL, noFrame));
        for (String field : fields) {
            SlotKind.REFERENCE.clear(code, frameClass, frameLocal, field);
        }
        code.add(noFrame);
        return code;
    }

    /** Before each return of the body: the call ends, so its frame lets go of the locals saved once. */
    private void releaseSavedOnceOnReturn() {
        List<String> fields = savedOnceReferenceFields();
        if (fields.isEmpty()) {
            return;
        }
        for (AbstractInsnNode insn : body.instructions.toArray()) {
            if (insn.getOpcode() == Opcodes.ARETURN) {
                body.instructions.insertBefore(insn, clearFields(fields));
            }
        }
    }

    /**
     * A throw that leaves the body ends the call as a return does: a handler of last resort, after every handler of
     * the method's own and of the suspend paths, clears the fields of the locals saved once and throws it on. Its
     * range leaves out each call of {@code suspend}, which may throw after it has registered the frame (a program's
     * subclass of {@code CompletableFuture} can, in its own registration): a completion on another thread may then be
     * resuming the call already, which must find those fields as they were.
     */
    private void releaseSavedOnceOnThrow() {
        List<String> fields = savedOnceReferenceFields();
        if (fields.isEmpty()) {
            return;
        }
        LabelNode handler = new LabelNode();
        LabelNode from = new LabelNode();
        body.instructions.insert(from);
        for (AbstractInsnNode insn : body.instructions.toArray()) {
            if (RuntimeContract.FRAME_SUSPEND.isCalledBy(insn)) {
                LabelNode to = new LabelNode();
                body.instructions.insertBefore(insn, to);
                body.tryCatchBlocks.add(new TryCatchBlockNode(from, to, handler, null));
                from = new LabelNode();
                body.instructions.insert(insn, from);
            }
        }
        LabelNode to = new LabelNode();
        body.instructions.add(to);
        body.tryCatchBlocks.add(new TryCatchBlockNode(from, to, handler, null));
        body.instructions.add(handler); // Stack: the failure
        body.instructions.add(clearFields(fields));
        body.instructions.add(new InsnNode(Opcodes.ATHROW));
    }

    /** Chooses a frame slot for each live local and each stack entry; returns the temporaries it needs. */
    private int planSite(AwaitSite site, Frame<BasicValue> frame, Liveness liveness, int index)
            throws RewriteException {
        Map<SlotKind, Integer> used = new EnumMap<>(SlotKind.class);
        for (int local = 0; local < frame.getLocals(); local++) {
            BasicValue value = frame.getLocal(local);
            if (local == frameLocal || !liveness.isLiveBefore(index, local) || !isSavable(value, site)) {
                continue;
            }
            site.locals.add(spill(value, used, local, variable(local, index, value)));
        }
        int temps = 1; // temp 0 holds the awaited future
        // The top of the stack is the awaited stage itself, which the suspension keeps in the frame.
        for (int i = 0; i < frame.getStackSize() - 1; i++) {
            BasicValue value = frame.getStack(i);
            if (!isSavable(value, site)) {
                throw new RewriteException("the operand stack holds a value of unknown type at this await",
                        site.call);
            }
            Spill spill = spill(value, used, tempBase + temps, null);
            temps += value.getSize();
            site.stack.add(spill);
        }
        used.forEach((kind, count) -> slotsNeeded.merge(kind, count, Math::max));
        return temps;
    }

    private static boolean isSavable(BasicValue value, AwaitSite site) throws RewriteException {
        if (value instanceof NewValue) {
            throw new RewriteException("an object under construction is live at this await", site.call);
        }
        return value != null && value.getType() != null && value != BasicValue.RETURNADDRESS_VALUE;
    }

    private static Spill spill(BasicValue value, Map<SlotKind, Integer> used, int local,
            LocalVariableNode variable) {
        if (TypeInterpreter.isNull(value)) {
            return new Spill(value.getType(), null, -1, local, variable);
        }
        SlotKind kind = SlotKind.of(value.getType());
        int slot = used.getOrDefault(kind, 0);
        used.put(kind, slot + 1);
        return new Spill(value.getType(), kind, slot, local, variable);
    }

    /**
     * The local variable table's entry for {@code local} at instruction {@code index}, or null if the class file has
     * none there (compiled without {@code -g}), or one whose name or type could not be written into the task dump's
     * constant, or whose type is not the one the analysis found (a variable table can be wrong).
     */
    private LocalVariableNode variable(int local, int index, BasicValue value) {
        if (body.localVariables == null) {
            return null;
        }
        for (LocalVariableNode entry : body.localVariables) {
            if (entry.index == local && body.instructions.indexOf(entry.start) <= index
                    && index < body.instructions.indexOf(entry.end)) {
                Type declared = Type.getType(entry.desc);
                boolean fits = SlotKind.of(declared) == SlotKind.of(value.getType())
                        && declared.getSize() == value.getSize();
                return fits && isWritable(entry.name) ? entry : null;
            }
        }
        return null;
    }

    /** Whether {@code name} can go into the site constant, whose separators are {@code | ; , :}. */
    private static boolean isWritable(String name) {
        for (int i = 0; i < name.length(); i++) {
            if ("|;,:".indexOf(name.charAt(i)) >= 0) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    /**
     * An await's fast path, the same in the first run and in the resume body. Stack: ..., stage → ..., value; or,
     * the future not done, to {@code suspend} with ..., future, NOT_DONE.
     */
    static InsnList fastPath(LabelNode suspend) {
        InsnList check = new InsnList();
        check.add(RuntimeContract.TO_FUTURE.invoke());
        check.add(new InsnNode(Opcodes.DUP));
        check.add(RuntimeContract.TRY_RESULT.invoke());
        check.add(new InsnNode(Opcodes.DUP));
        check.add(RuntimeContract.NOT_DONE.get());
        check.add(new JumpInsnNode(Opcodes.IF_ACMPEQ, suspend));
        check.add(new InsnNode(Opcodes.SWAP));
        check.add(new InsnNode(Opcodes.POP));
        return check;
    }

    private void replaceAwait(AwaitSite site) {
        InsnList check = fastPath(site.suspend);
        check.add(new JumpInsnNode(Opcodes.GOTO, site.done));
        check.add(site.get);
        check.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        check.add(RuntimeContract.FRAME_TAKE_OUTCOME.invoke());
        check.add(site.done);
        body.instructions.insertBefore(site.call, check);
        body.instructions.remove(site.call);
    }

    /**
     * In this body, run only after a resumption: {@code return completedFuture(x)} becomes {@code return
     * frame.returnValue(x)}, which has the frame completed with {@code x} without making a future to read it from.
     */
    private void completeFrameOnReturn() {
        for (AbstractInsnNode insn : body.instructions.toArray()) {
            AbstractInsnNode next = Instructions.next(insn);
            if (isCompletedFuture(insn) && next != null && next.getOpcode() == Opcodes.ARETURN) {
                InsnList complete = new InsnList();
                complete.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
                complete.add(new InsnNode(Opcodes.SWAP));
                complete.add(RuntimeContract.FRAME_RETURN_VALUE.invoke());
                body.instructions.insertBefore(insn, complete);
                body.instructions.remove(insn);
            }
        }
    }

    private static boolean isCompletedFuture(AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKESTATIC) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        return call.owner.equals(Names.COMPLETABLE_FUTURE) && call.name.equals("completedFuture")
                && call.desc.equals("(Ljava/lang/Object;)Ljava/util/concurrent/CompletableFuture;");
    }

    /**
     * A variable that is dead at an await is not saved, so after a resumption its slot holds nothing: a debugger
     * must not show it there. Its local-variable-table entry is cut at the await, and starts again at the next store
     * to its slot, if the method gives it a new value later in its scope.
     */
    private void hideVariablesNotKeptAcrossAwaits() {
        if (body.localVariables == null) {
            return;
        }
        for (AwaitSite site : sites) {
            int await = body.instructions.indexOf(site.get);
            List<LocalVariableNode> entries = new ArrayList<>(body.localVariables);
            for (LocalVariableNode entry : entries) {
                if (entry.index == frameLocal || isSaved(site, entry.index)) {
                    continue;
                }
                int start = body.instructions.indexOf(entry.start);
                int end = body.instructions.indexOf(entry.end);
                if (start > await || end <= await) {
                    continue;
                }
                body.localVariables.remove(entry);
                if (start < await) {
                    body.localVariables.add(new LocalVariableNode(entry.name, entry.desc, entry.signature,
                            entry.start, site.get, entry.index));
                }
                AbstractInsnNode store = nextStore(site.get, entry.end, entry.index);
                if (store != null) {
                    LabelNode restart = new LabelNode();
                    body.instructions.insert(store, restart);
                    body.localVariables.add(new LocalVariableNode(entry.name, entry.desc, entry.signature, restart,
                            entry.end, entry.index));
                }
            }
        }
    }

    private static boolean isSaved(AwaitSite site, int local) {
        for (Spill spill : site.locals) {
            if (spill.local == local) {
                return true;
            }
        }
        return false;
    }

    private static AbstractInsnNode nextStore(AbstractInsnNode from, AbstractInsnNode end, int local) {
        for (AbstractInsnNode insn = from; insn != null && insn != end; insn = insn.getNext()) {
            int opcode = insn.getOpcode();
            if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE && ((VarInsnNode) insn).var == local) {
                return insn;
            }
        }
        return null;
    }

    /** The await points that got a suspend path, in label order. */
    List<AwaitSite> sites() {
        return sites;
    }

    /**
     * The out-of-line path of {@code site} when its future is not done, entered at {@code entry} with [..., future,
     * NOT_DONE] on the stack: saves the stack and the live locals into the frame, creating it unless {@code
     * frameMayExist} says that an earlier suspension of the call may have done so (the resume path: there it also
     * clears the fields of the locals saved once that are dead at this await), and returns the frame. Adds to {@code
     * handlers} the one it needs, if any (see {@link #registerIfAbandoned}).
     */
    InsnList suspendBlock(AwaitSite site, LabelNode entry, boolean frameMayExist, List<TryCatchBlockNode> handlers) {
        InsnList code = new InsnList();
        code.add(entry);
        addLine(code, site, entry);
        code.add(new InsnNode(Opcodes.POP)); // the NOT_DONE marker
        code.add(new VarInsnNode(Opcodes.ASTORE, tempBase)); // Stack: ..., spilled entries
        LabelNode mayFail = new LabelNode();
        code.add(mayFail);
        for (int i = site.stack.size() - 1; i >= 0; i--) {
            Spill spilled = site.stack.get(i);
            code.add(new VarInsnNode(spilled.type.getOpcode(Opcodes.ISTORE), spilled.local));
        }
        // Stack: empty. The first suspension of a call creates its frame; later ones reuse it.
        LabelNode haveFrame = new LabelNode();
        if (frameMayExist) {
            code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
            code.add(new JumpInsnNode(Opcodes.IFNONNULL, haveFrame));
        }
        code.add(new InvokeDynamicInsnNode("newFrame", "()" + Names.FRAME_DESC, RuntimeContract.FRAME_BOOTSTRAP.handle(),
                frameClass.replace('/', '.'), frameClassFile.asConstant(), frameClassFile.shape));
        code.add(new VarInsnNode(Opcodes.ASTORE, frameLocal));
        for (Spill spill : site.locals) {
            if (isSavedOnce(spill)) { // into a new frame only: an existing one holds them already
                spill.kind.save(code, frameClass, frameLocal, layout.field(spill.kind, spill.slot), spill.type,
                        spill.local);
            }
        }
        code.add(haveFrame);
        for (Spill spill : site.locals) {
            if (!spill.isNull() && !isSavedOnce(spill)) {
                spill.kind.save(code, frameClass, frameLocal, layout.field(spill.kind, spill.slot), spill.type,
                        spill.local);
            }
        }
        if (frameMayExist) {
            clearSavedOnceDeadAt(site, code);
        }
        for (Spill spill : site.stack) {
            if (!spill.isNull()) {
                spill.kind.save(code, frameClass, frameLocal, layout.field(spill.kind, spill.slot), spill.type,
                        spill.local);
            }
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        code.add(Ints.push(site.label));
        code.add(RuntimeContract.FRAME_LABEL.put());
        LabelNode suspends = new LabelNode();
        code.add(suspends);
        code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        code.add(new VarInsnNode(Opcodes.ALOAD, tempBase));
        code.add(RuntimeContract.FRAME_SUSPEND.invoke());
        code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        code.add(new InsnNode(Opcodes.ARETURN));
        if (site.mayAwaitInnerEntry) {
            code.add(registerIfAbandoned(mayFail, suspends, handlers));
        }
        return code;
    }

    /**
     * A callee that suspended through its inner entry is registered by its caller's suspension; if the caller fails
     * before it gets there, between {@code start} and {@code end} (its frame cannot be made: out of memory, or a
     * frame class that does not load), this handler registers the callee's chain before the failure goes on, so
     * that the callee still runs to its end, as it would have through its public entry. The suspension itself does
     * the same for a failure inside it.
     */
    private InsnList registerIfAbandoned(LabelNode start, LabelNode end, List<TryCatchBlockNode> handlers) {
        InsnList code = new InsnList();
        LabelNode handler = new LabelNode();
        code.add(handler); // Stack: the failure
        code.add(new VarInsnNode(Opcodes.ALOAD, tempBase));
        code.add(RuntimeContract.FRAME_REGISTER_ABANDONED.invoke());
        code.add(new InsnNode(Opcodes.ATHROW));
        handlers.add(new TryCatchBlockNode(start, end, handler, Names.THROWABLE));
        return code;
    }

    /**
     * {@code class|method|file|line,line,...|variables}: what an async stack trace needs, and what the task dump shows
     * of a suspended call's variables ({@link FrameLayout#variables}), as one constant.
     */
    private String site() {
        StringBuilder lines = new StringBuilder();
        for (AwaitSite site : sites) {
            lines.append(lines.length() == 0 ? "" : ",").append(site.line);
        }
        return owner.replace('/', '.') + "|" + body.name + "|" + (sourceFile == null ? "" : sourceFile) + "|" + lines
                + "|" + layout.variables(sites);
    }

    /** Whether any await got a suspend path, which needs the frame class; unreachable awaits get none. */
    public boolean suspends() {
        return !sites.isEmpty();
    }

    /** The internal name of the method's frame class. */
    public String frameClass() {
        return frameClass;
    }

    /** The frame class's class file, for a build to write beside the rewritten class (see {@link FrameClass}). */
    public byte[] frameClassFile() {
        return frameClassFile.bytes.clone();
    }

    /**
     * At a suspension of the resume path: clears the field of each reference saved once that is dead at {@code site}
     * and whose field no value saved here overwrites, so that the suspended call does not keep it.
     */
    private void clearSavedOnceDeadAt(AwaitSite site, InsnList code) {
        Set<String> written = new HashSet<>();
        for (Spill spill : site.spills()) {
            if (!spill.isNull()) {
                written.add(layout.field(spill.kind, spill.slot));
            }
        }
        for (Map.Entry<Integer, Spill> entry : savedOnce.entrySet()) {
            Spill first = entry.getValue();
            String field = layout.field(first.kind, first.slot);
            if (first.kind == SlotKind.REFERENCE && !isSaved(site, entry.getKey()) && !written.contains(field)) {
                SlotKind.REFERENCE.clear(code, frameClass, frameLocal, field);
            }
        }
    }

    private InsnList restoreBlock(AwaitSite site) {
        InsnList code = new InsnList();
        code.add(site.restore);
        addLine(code, site, site.restore);
        for (Spill spill : site.locals) {
            if (isSavedOnce(spill)) { // its field stays set: no suspension saves it again
                spill.kind.load(code, frameClass, frameLocal, layout.field(spill.kind, spill.slot), spill.type);
            } else {
                push(code, spill);
            }
            code.add(new VarInsnNode(spill.type.getOpcode(Opcodes.ISTORE), spill.local));
        }
        for (Spill spill : site.stack) {
            push(code, spill); // Stack: ..., restored entries so far
        }
        code.add(new JumpInsnNode(Opcodes.GOTO, site.get));
        return code;
    }

    private void push(InsnList code, Spill spill) {
        if (spill.isNull()) {
            code.add(new InsnNode(Opcodes.ACONST_NULL));
            return;
        }
        String field = layout.field(spill.kind, spill.slot);
        spill.kind.load(code, frameClass, frameLocal, field, spill.type);
        if (spill.kind == SlotKind.REFERENCE) {
            spill.kind.clear(code, frameClass, frameLocal, field);
        }
    }

    private InsnList entrySwitch() {
        InsnList code = new InsnList();
        LabelNode start = new LabelNode();
        LabelNode corrupt = new LabelNode();
        code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        code.add(new JumpInsnNode(Opcodes.IFNULL, start));
        code.add(new VarInsnNode(Opcodes.ALOAD, frameLocal));
        code.add(RuntimeContract.FRAME_LABEL.get());
        LabelNode[] targets = new LabelNode[sites.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = sites.get(i).restore;
        }
        code.add(new TableSwitchInsnNode(1, sites.size(), corrupt, targets));
        code.add(corrupt);
        code.add(new TypeInsnNode(Opcodes.NEW, "java/lang/IllegalStateException"));
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new LdcInsnNode("jawait: resumed " + owner.replace('/', '.') + "." + body.name
                + " at an unknown await"));
        code.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
                "(Ljava/lang/String;)V", false));
        code.add(new InsnNode(Opcodes.ATHROW));
        code.add(start);
        return code;
    }

    private static void addLine(InsnList code, AwaitSite site, LabelNode label) {
        if (site.line > 0) {
            code.add(new LineNumberNode(site.line, label));
        }
    }

    /** How many awaits got a suspension path (unreachable ones do not). */
    public int suspensionPoints() {
        return sites.size();
    }
}
