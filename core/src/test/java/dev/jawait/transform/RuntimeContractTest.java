package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.FixtureCompiler;
import dev.jawait.testing.RewrittenClasses;
import dev.jawait.transform.internal.Names;
import dev.jawait.transform.internal.RuntimeContract;
import dev.jawait.transform.internal.RuntimeMember;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The transformer and the runtime are built apart, and agree only through {@link RuntimeContract}: each member that
 * rewritten code uses must exist in the runtime as the transformer emits it (public, static or not, same
 * descriptor). A runtime change that breaks one fails here, not in a user's program.
 */
class RuntimeContractTest {
    @Test
    void everyRuntimeMemberTheRewrittenCodeUsesExistsAsEmitted() throws Exception {
        assertEquals(List.of(), broken(RuntimeContract.all()));
    }

    /** Each member that does not resolve, with why. */
    private static List<String> broken(List<RuntimeMember> members) throws ClassNotFoundException {
        List<String> broken = new ArrayList<>();
        for (RuntimeMember member : members) {
            String problem = resolve(member);
            if (problem != null) {
                broken.add(member + ": " + problem);
            }
        }
        return broken;
    }

    /** Classes rewritten by an earlier jawait (format 2) keep running: what they call is still there. */
    @Test
    void everyRuntimeMemberFormat2CodeUsesStillExists() throws Exception {
        assertEquals(List.of(), broken(RuntimeContract.format2()));
        assertTrue(RuntimeContract.format2().size() > 15);
    }

    /** Classes rewritten before frame classes carried their shape keep running too. */
    @Test
    void theFrameBootstrapWithoutAShapeStillExists() throws Exception {
        assertEquals(List.of(), broken(RuntimeContract.unshapedFormat3()));
    }

    /** Classes rewritten before the resume body took the outcome from the frame (formats 3 to 5) keep running too. */
    @Test
    void theFutureTakingResumeOfEarlierFormatsStillResolves() throws Exception {
        assertEquals(List.of(), broken(RuntimeContract.futureTakingResume()));
    }

    /** An inner entry's last parameter names this type: it must be there, public, for every caller's descriptor. */
    @Test
    void theInnerEntriesMarkerTypeExists() throws Exception {
        Class<?> marker = Class.forName(Names.INNER_CALL.replace('/', '.'));
        assertTrue(Modifier.isPublic(marker.getModifiers()));
    }

    @Test
    void theContractCoversEveryKind() {
        assertTrue(RuntimeContract.all().size() > 15, "members: " + RuntimeContract.all().size());
        for (RuntimeMember.Kind kind : RuntimeMember.Kind.values()) {
            assertTrue(RuntimeContract.all().stream().anyMatch(m -> m.kind() == kind), "no member of kind " + kind);
        }
    }

    /**
     * The other half of the contract: rewritten code reaches the runtime through nothing else. The fixture suite's
     * sources are rewritten, frame classes too; every reference to jawait's internal classes there (a member, reached
     * directly or through a frame class that inherits it, or a type), and every one to its public classes that the
     * rewrite added, must be in {@link RuntimeContract}; and every member must be reached by some fixture, so that the
     * contract lists nothing the rewrite stopped using.
     */
    @Test
    void rewrittenCodeReachesTheRuntimeOnlyThroughTheContractAndUsesAllOfIt() throws IOException {
        Set<String> contract = RuntimeContract.all().stream().map(RuntimeContractTest::key)
                .collect(Collectors.toCollection(TreeSet::new));
        RuntimeContract.all().forEach(member -> contract.add(typeKey(member.owner())));
        contract.add(typeKey(Names.INNER_CALL)); // the type of an inner entry's last parameter
        Set<String> reached = new TreeSet<>();
        for (String fixture : CONTRACT_FIXTURES) {
            Map<String, byte[]> compiled = FixtureCompiler.compile(
                    Map.of("fx." + fixture, FixtureSuiteTest.source(fixture)), 17);
            RewrittenClasses rewritten = RewrittenClasses.rewrite(compiled);
            Map<String, ClassNode> frames = new HashMap<>();
            rewritten.frameClasses().forEach((name, bytes) -> frames.put(name, read(bytes)));
            for (String name : compiled.keySet()) {
                Set<String> before = runtimeReferences(read(compiled.get(name)), frames);
                for (String reference : runtimeReferences(read(rewritten.bytes(name)), frames)) {
                    if (reference.contains(INTERNAL) || !before.contains(reference)) {
                        reached.add(reference);
                    }
                }
            }
            for (ClassNode frame : frames.values()) {
                reached.addAll(runtimeReferences(frame, frames));
            }
        }
        Set<String> outside = new TreeSet<>(reached);
        outside.removeAll(contract);
        assertEquals(Set.of(), outside, "reached by rewritten code, not in RuntimeContract");
        Set<String> unused = new TreeSet<>(contract);
        unused.removeAll(reached);
        unused.removeIf(key -> key.startsWith(TYPE));
        unused.removeAll(NOT_REACHED_BY_FIXTURES);
        assertEquals(Set.of(), unused, "in RuntimeContract, reached by no rewritten fixture");
        assertTrue(reached.contains(typeKey(Names.FRAME)), "frame classes extend the runtime's frame: " + reached);
    }

    /** The runtime reads a frame class's shape by the name the transformer writes it under. */
    @Test
    void theRuntimeReadsTheShapeFieldTheTransformerWrites() throws ReflectiveOperationException {
        Field name = Class.forName("dev.jawait.internal.FrameClasses").getDeclaredField("SHAPE_FIELD");
        name.setAccessible(true);
        assertEquals(RuntimeContract.FRAME_SHAPE_FIELD, name.get(null));
    }

    private static final String JAWAIT = "dev/jawait/";
    private static final String INTERNAL = JAWAIT + "internal/";
    /** The fixture suite's sources that compile at {@code --release 17}, with an inner entry's and a close's awaits. */
    private static final List<String> CONTRACT_FIXTURES = List.of("Sequences", "Expressions", "Loops", "Switches",
            "Exceptions", "Methods", "Modern", "Resources", "EaAsyncCases", "InnerCalls", "Recursion", "AsyncWith");
    /**
     * The two awaits are in the contract for what the rewrite reads and writes before its last pass, not for its
     * output: it finds a method's awaits by them, and the await it puts after a close of a try-with-resources is
     * rewritten in turn, as the user's are.
     */
    private static final Set<String> NOT_REACHED_BY_FIXTURES = Set.of(key(RuntimeContract.AWAIT),
            key(RuntimeContract.AWAIT_CHECKED));

    private static String key(RuntimeMember member) {
        return key(member.kind(), member.owner(), member.name(), member.descriptor());
    }

    private static String key(RuntimeMember.Kind kind, String owner, String name, String descriptor) {
        return kind + " " + owner + "." + name + " " + descriptor;
    }

    private static final String TYPE = "TYPE ";

    private static String typeKey(String internalName) {
        return TYPE + internalName;
    }

    private static ClassNode read(byte[] classFile) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, ClassReader.SKIP_DEBUG);
        return node;
    }

    /**
     * Each member of jawait's classes that {@code node} reaches, as {@link #key}: by an instruction, a handle (an
     * invokedynamic's bootstrap, a constant), or, in a class extending one of jawait's, by a method it overrides; a
     * member reached through one of the {@code frames}, and not declared there, is its superclass's. And each of
     * jawait's types it names, as {@link #typeKey}: its superclass, and what it creates, casts to, tests, catches or
     * loads as a constant.
     */
    private static Set<String> runtimeReferences(ClassNode node, Map<String, ClassNode> frames) {
        Set<String> references = new TreeSet<>();
        addTypeIfJawait(references, node.superName);
        node.interfaces.forEach(type -> addTypeIfJawait(references, type));
        boolean extendsJawait = node.superName != null && node.superName.startsWith(JAWAIT);
        for (MethodNode method : node.methods) {
            if (extendsJawait && !method.name.startsWith("<") && (method.access & Opcodes.ACC_STATIC) == 0) {
                references.add(key(RuntimeMember.Kind.VIRTUAL_METHOD, node.superName, method.name, method.desc));
            }
            for (TryCatchBlockNode block : method.tryCatchBlocks) {
                addTypeIfJawait(references, block.type);
            }
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof MethodInsnNode) {
                    MethodInsnNode call = (MethodInsnNode) insn;
                    String owner = declaringOwner(frames, call.owner, call.name, call.desc);
                    addIfJawait(references, methodKind(call.getOpcode(), call.name), owner, call.name, call.desc);
                } else if (insn instanceof FieldInsnNode) {
                    FieldInsnNode field = (FieldInsnNode) insn;
                    String owner = declaringOwner(frames, field.owner, field.name, null);
                    boolean isStatic = field.getOpcode() == Opcodes.GETSTATIC || field.getOpcode() == Opcodes.PUTSTATIC;
                    addIfJawait(references, isStatic ? RuntimeMember.Kind.STATIC_FIELD : RuntimeMember.Kind.FIELD,
                            owner, field.name, field.desc);
                } else if (insn instanceof TypeInsnNode) {
                    Type type = Type.getObjectType(((TypeInsnNode) insn).desc);
                    type = type.getSort() == Type.ARRAY ? type.getElementType() : type;
                    if (type.getSort() == Type.OBJECT) {
                        addTypeIfJawait(references, type.getInternalName());
                    }
                } else if (insn instanceof InvokeDynamicInsnNode) {
                    InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) insn;
                    addHandle(references, indy.bsm);
                    for (Object argument : indy.bsmArgs) {
                        if (argument instanceof Handle) {
                            addHandle(references, (Handle) argument);
                        }
                    }
                } else if (insn instanceof LdcInsnNode) {
                    Object constant = ((LdcInsnNode) insn).cst;
                    if (constant instanceof Handle) {
                        addHandle(references, (Handle) constant);
                    } else if (constant instanceof Type && ((Type) constant).getSort() == Type.OBJECT) {
                        addTypeIfJawait(references, ((Type) constant).getInternalName());
                    }
                }
            }
        }
        return references;
    }

    /**
     * The class that declares a member reached through {@code owner}: a frame class's own field or method is its own
     * (null: not the runtime's), an inherited one its superclass's; any other owner stands as it is.
     */
    private static String declaringOwner(Map<String, ClassNode> frames, String owner, String name, String desc) {
        ClassNode frame = frames.get(owner);
        if (frame == null) {
            return owner;
        }
        boolean declared = desc == null ? frame.fields.stream().anyMatch(f -> f.name.equals(name))
                : frame.methods.stream().anyMatch(m -> m.name.equals(name) && m.desc.equals(desc));
        return declared ? null : frame.superName;
    }

    private static void addTypeIfJawait(Set<String> references, String internalName) {
        if (internalName != null && internalName.startsWith(JAWAIT)) {
            references.add(typeKey(internalName));
        }
    }

    private static RuntimeMember.Kind methodKind(int opcode, String name) {
        switch (opcode) {
            case Opcodes.INVOKESTATIC:
                return RuntimeMember.Kind.STATIC_METHOD;
            case Opcodes.INVOKEINTERFACE:
                return RuntimeMember.Kind.INTERFACE_METHOD;
            case Opcodes.INVOKESPECIAL:
                return name.equals("<init>") ? RuntimeMember.Kind.CONSTRUCTOR : RuntimeMember.Kind.VIRTUAL_METHOD;
            default:
                return RuntimeMember.Kind.VIRTUAL_METHOD;
        }
    }

    private static void addHandle(Set<String> references, Handle handle) {
        RuntimeMember.Kind kind;
        switch (handle.getTag()) {
            case Opcodes.H_INVOKESTATIC:
                kind = RuntimeMember.Kind.STATIC_METHOD;
                break;
            case Opcodes.H_INVOKEINTERFACE:
                kind = RuntimeMember.Kind.INTERFACE_METHOD;
                break;
            case Opcodes.H_NEWINVOKESPECIAL:
                kind = RuntimeMember.Kind.CONSTRUCTOR;
                break;
            case Opcodes.H_GETFIELD:
            case Opcodes.H_PUTFIELD:
                kind = RuntimeMember.Kind.FIELD;
                break;
            case Opcodes.H_GETSTATIC:
            case Opcodes.H_PUTSTATIC:
                kind = RuntimeMember.Kind.STATIC_FIELD;
                break;
            default:
                kind = RuntimeMember.Kind.VIRTUAL_METHOD;
        }
        addIfJawait(references, kind, handle.getOwner(), handle.getName(), handle.getDesc());
    }

    /** Jawait's own classes, not a fixture's (package {@code fx}) nor the JDK's. */
    private static void addIfJawait(Set<String> references, RuntimeMember.Kind kind, String owner, String name,
            String descriptor) {
        if (owner != null && owner.startsWith(JAWAIT)) {
            references.add(key(kind, owner, name, descriptor));
        }
    }

    private static String resolve(RuntimeMember member) throws ClassNotFoundException {
        Class<?> owner = Class.forName(member.owner().replace('/', '.'));
        if (!Modifier.isPublic(owner.getModifiers())) {
            return "its class is not public";
        }
        switch (member.kind()) {
            case FIELD:
            case STATIC_FIELD:
                return resolveField(owner, member);
            case CONSTRUCTOR:
                for (Executable constructor : owner.getConstructors()) {
                    if (Type.getConstructorDescriptor((java.lang.reflect.Constructor<?>) constructor)
                            .equals(member.descriptor())) {
                        return null;
                    }
                }
                return "no public constructor with that descriptor";
            default:
                return resolveMethod(owner, member);
        }
    }

    private static String resolveField(Class<?> owner, RuntimeMember member) {
        try {
            Field field = owner.getField(member.name());
            if (!Type.getDescriptor(field.getType()).equals(member.descriptor())) {
                return "its type is " + Type.getDescriptor(field.getType());
            }
            return staticness(field, member.kind() == RuntimeMember.Kind.STATIC_FIELD);
        } catch (NoSuchFieldException e) {
            return "no public field of that name";
        }
    }

    private static String resolveMethod(Class<?> owner, RuntimeMember member) {
        boolean isInterface = member.kind() == RuntimeMember.Kind.INTERFACE_METHOD;
        if (owner.isInterface() != isInterface) {
            return isInterface ? "its owner is not an interface" : "its owner is an interface";
        }
        for (Method method : owner.getMethods()) {
            if (method.getName().equals(member.name())
                    && Type.getMethodDescriptor(method).equals(member.descriptor())) {
                return staticness(method, member.kind() == RuntimeMember.Kind.STATIC_METHOD);
            }
        }
        return "no public method with that name and descriptor";
    }

    private static String staticness(Member member, boolean mustBeStatic) {
        boolean isStatic = Modifier.isStatic(member.getModifiers());
        return isStatic == mustBeStatic ? null : mustBeStatic ? "it is not static" : "it is static";
    }
}
