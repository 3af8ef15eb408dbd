package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.transform.internal.RuntimeContract;
import dev.jawait.transform.internal.RuntimeMember;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

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
        Class<?> marker = Class.forName(dev.jawait.transform.internal.Names.INNER_CALL.replace('/', '.'));
        assertTrue(Modifier.isPublic(marker.getModifiers()));
    }

    @Test
    void theContractCoversEveryKind() {
        assertTrue(RuntimeContract.all().size() > 15, "members: " + RuntimeContract.all().size());
        for (RuntimeMember.Kind kind : RuntimeMember.Kind.values()) {
            assertTrue(RuntimeContract.all().stream().anyMatch(m -> m.kind() == kind), "no member of kind " + kind);
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
