package dev.jawait.transform.internal;

import dev.jawait.transform.internal.RuntimeMember.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every member of jawait's runtime that rewritten code calls or touches, in one place, as JaCoCo's {@code
 * InstrSupport} keeps its runtime's. The passes emit instructions from these; {@code RuntimeContractTest} (in
 * core's tests, which see both sides) resolves each against the runtime's classes, so that a renamed or retyped
 * runtime member fails the build instead of a user's program.
 */
public final class RuntimeContract {
    private static final List<RuntimeMember> ALL = new ArrayList<>();

    private static final String STAGE = "Ljava/util/concurrent/CompletionStage;";
    private static final String FUTURE = "Ljava/util/concurrent/CompletableFuture;";
    private static final String OBJECT = "Ljava/lang/Object;";

    /** The await a rewritten method replaces, and a lambda or a close may introduce. */
    public static final RuntimeMember AWAIT = add(Kind.STATIC_METHOD, Names.AWAIT, Names.AWAIT_METHOD,
            Names.AWAIT_DESC);
    public static final RuntimeMember AWAIT_CHECKED = add(Kind.STATIC_METHOD, Names.AWAIT, Names.AWAIT_METHOD,
            Names.AWAIT_CHECKED_DESC);

    public static final RuntimeMember TO_FUTURE = add(Kind.STATIC_METHOD, Names.SUPPORT, "toFuture",
            "(" + STAGE + ")" + FUTURE);
    public static final RuntimeMember TRY_RESULT = add(Kind.STATIC_METHOD, Names.SUPPORT, "tryResult",
            "(" + FUTURE + ")" + OBJECT);
    public static final RuntimeMember NOT_DONE = add(Kind.STATIC_FIELD, Names.SUPPORT, "NOT_DONE", OBJECT);
    public static final RuntimeMember RESULT_OF = add(Kind.STATIC_METHOD, Names.SUPPORT, "resultOf",
            "(" + FUTURE + ")" + OBJECT);
    public static final RuntimeMember FAILED = add(Kind.STATIC_METHOD, Names.SUPPORT, "failed",
            "(Ljava/lang/Throwable;)" + FUTURE);
    public static final RuntimeMember RETURNED = add(Kind.STATIC_METHOD, Names.SUPPORT, "returned",
            "(" + OBJECT + ")" + OBJECT);
    public static final RuntimeMember ADAPT = add(Kind.STATIC_METHOD, Names.SUPPORT, "adapt",
            "(" + OBJECT + "Ljava/lang/Class;)" + OBJECT);

    public static final RuntimeMember FRAME_NEW = add(Kind.CONSTRUCTOR, Names.FRAME, "<init>", Names.FRAME_INIT_DESC);
    public static final RuntimeMember FRAME_LABEL = add(Kind.FIELD, Names.FRAME, "label", "I");
    public static final RuntimeMember FRAME_SUSPEND = add(Kind.VIRTUAL_METHOD, Names.FRAME, "suspend",
            "(" + FUTURE + ")V");
    public static final RuntimeMember FRAME_TAKE_AWAITED = add(Kind.VIRTUAL_METHOD, Names.FRAME, "takeAwaited",
            "()" + FUTURE);
    public static final RuntimeMember FRAME_RETURN_VALUE = add(Kind.VIRTUAL_METHOD, Names.FRAME, "returnValue",
            "(" + OBJECT + ")" + OBJECT);
    /** The functional interface a frame resumes its method through (implemented by an invokedynamic lambda). */
    public static final RuntimeMember RESUME = add(Kind.INTERFACE_METHOD, Names.RESUMER, "resume",
            Names.RESUME_DESC);

    public static final RuntimeMember CLOSE_ASYNC = add(Kind.INTERFACE_METHOD, Names.ASYNC_CLOSEABLE,
            Names.CLOSE_ASYNC, Names.CLOSE_ASYNC_DESC);
    public static final RuntimeMember CLOSE_ASYNC_AFTER = add(Kind.INTERFACE_METHOD, Names.ASYNC_CLOSEABLE,
            Names.CLOSE_ASYNC, Names.CLOSE_ASYNC_AFTER_DESC);

    static {
        // The frame's typed slots: fields first, then an overflow array per kind (see SlotKind).
        slots("i", "I", Names.INT_FIELDS);
        slots("j", "J", Names.LONG_FIELDS);
        slots("l", OBJECT, Names.REF_FIELDS);
    }

    private RuntimeContract() {
    }

    /** The frame's field {@code name} ({@code i0}, {@code moreL}...) of type {@code descriptor}. */
    public static RuntimeMember frameSlot(String name, String descriptor) {
        for (RuntimeMember member : ALL) {
            if (member.kind() == Kind.FIELD && member.owner().equals(Names.FRAME) && member.name().equals(name)
                    && member.descriptor().equals(descriptor)) {
                return member;
            }
        }
        throw new IllegalArgumentException("the runtime's frame has no slot " + name + " " + descriptor);
    }

    /** Every member, for the test that resolves them. */
    public static List<RuntimeMember> all() {
        return Collections.unmodifiableList(ALL);
    }

    private static void slots(String prefix, String descriptor, int fields) {
        for (int i = 0; i < fields; i++) {
            add(Kind.FIELD, Names.FRAME, prefix + i, descriptor);
        }
        add(Kind.FIELD, Names.FRAME, "more" + Character.toUpperCase(prefix.charAt(0)), "[" + descriptor);
    }

    private static RuntimeMember add(Kind kind, String owner, String name, String descriptor) {
        RuntimeMember member = new RuntimeMember(kind, owner, name, descriptor);
        ALL.add(member);
        return member;
    }
}
