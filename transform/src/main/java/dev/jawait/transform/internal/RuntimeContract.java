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
    public static final RuntimeMember FAILED = add(Kind.STATIC_METHOD, Names.SUPPORT, "failed",
            "(Ljava/lang/Throwable;)" + FUTURE);
    public static final RuntimeMember RETURNED = add(Kind.STATIC_METHOD, Names.SUPPORT, "returned",
            "(" + OBJECT + ")" + OBJECT);
    /** What an inner entry returns instead of running, {@code InnerEntries.DEPTH_LIMIT} calls deep. */
    public static final RuntimeMember CALL_LATER = add(Kind.STATIC_METHOD, Names.SUPPORT, "callLater",
            "(Ljava/lang/invoke/MethodHandle;[Ljava/lang/Object;Ljava/lang/String;)" + FUTURE);
    public static final RuntimeMember ADAPT = add(Kind.STATIC_METHOD, Names.SUPPORT, "adapt",
            "(" + OBJECT + "Ljava/lang/Class;)" + OBJECT);

    /** Creates a call's frame: the bootstrap of the invokedynamic in every suspend path (see FrameClass). */
    public static final RuntimeMember FRAME_BOOTSTRAP = add(Kind.STATIC_METHOD, Names.FRAME_CLASSES, "newFrame",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                    + "Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)Ljava/lang/invoke/CallSite;");
    /** What a method's frame class extends, calls and implements. */
    public static final RuntimeMember FRAME_INIT = add(Kind.CONSTRUCTOR, Names.FRAME, "<init>", "()V");
    public static final RuntimeMember FRAME_RESUME_BODY = add(Kind.VIRTUAL_METHOD, Names.FRAME, "resumeBody",
            "()" + OBJECT);
    public static final RuntimeMember FRAME_SITE = add(Kind.VIRTUAL_METHOD, Names.FRAME, "site",
            "()Ljava/lang/String;");
    public static final RuntimeMember FRAME_SPILLED_VALUE = add(Kind.VIRTUAL_METHOD, Names.FRAME, "spilledValue",
            "(I)" + OBJECT);
    public static final RuntimeMember FRAME_LABEL = add(Kind.FIELD, Names.FRAME, "label", "I");
    public static final RuntimeMember FRAME_SUSPEND = add(Kind.VIRTUAL_METHOD, Names.FRAME, "suspend",
            "(" + FUTURE + ")V");
    /** What an inner entry's suspend paths call instead of {@link #FRAME_SUSPEND} (see InnerEntries). */
    public static final RuntimeMember FRAME_SUSPEND_DEFERRED = add(Kind.VIRTUAL_METHOD, Names.FRAME,
            "suspendDeferred", "(" + FUTURE + ")V");
    /** What a suspend path whose future may be a callee's unregistered chain calls if it fails before suspending. */
    public static final RuntimeMember FRAME_REGISTER_ABANDONED = add(Kind.STATIC_METHOD, Names.FRAME,
            "registerAbandoned", "(" + FUTURE + ")V");
    /** The resumed await's outcome: its value, or its original exception thrown. */
    public static final RuntimeMember FRAME_TAKE_OUTCOME = add(Kind.VIRTUAL_METHOD, Names.FRAME, "takeOutcome",
            "()" + OBJECT);
    public static final RuntimeMember FRAME_RETURN_VALUE = add(Kind.VIRTUAL_METHOD, Names.FRAME, "returnValue",
            "(" + OBJECT + ")" + OBJECT);

    /**
     * The static constant of every frame class that holds its shape, which the runtime's {@code FrameClasses} reads
     * by this name before it takes a frame class a build wrote for the method (see FrameClass).
     */
    public static final String FRAME_SHAPE_FIELD = "jawait$shape";

    public static final RuntimeMember CLOSE_ASYNC = add(Kind.INTERFACE_METHOD, Names.ASYNC_CLOSEABLE,
            Names.CLOSE_ASYNC, Names.CLOSE_ASYNC_DESC);
    public static final RuntimeMember CLOSE_ASYNC_AFTER = add(Kind.INTERFACE_METHOD, Names.ASYNC_CLOSEABLE,
            Names.CLOSE_ASYNC, Names.CLOSE_ASYNC_AFTER_DESC);

    private RuntimeContract() {
    }

    /** Every member, for the test that resolves them. */
    public static List<RuntimeMember> all() {
        return Collections.unmodifiableList(ALL);
    }

    /**
     * What format 3 as first written (never released) calls that the current format does not: the frame bootstrap
     * without the frame class's shape.
     */
    public static List<RuntimeMember> unshapedFormat3() {
        return List.of(new RuntimeMember(Kind.STATIC_METHOD, Names.FRAME_CLASSES, "newFrame",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                        + "Ljava/lang/String;Ljava/lang/String;)Ljava/lang/invoke/CallSite;"));
    }

    /**
     * What formats 3 and 4, and format 5 as first written, call that format 6 does not: their resume body
     * took the awaited future from the frame and read the outcome itself (format 2's does too: {@link #format2()}).
     */
    public static List<RuntimeMember> futureTakingResume() {
        return List.of(new RuntimeMember(Kind.VIRTUAL_METHOD, Names.FRAME, "takeAwaited", "()" + FUTURE),
                resultOf());
    }

    /** How a resume body before {@link #FRAME_TAKE_OUTCOME} read the outcome of the future it took. */
    private static RuntimeMember resultOf() {
        return new RuntimeMember(Kind.STATIC_METHOD, Names.SUPPORT, "resultOf", "(" + FUTURE + ")" + OBJECT);
    }

    /**
     * What classes rewritten in format 2 (by an earlier jawait) call, beyond {@link #all()}: the generic frame and its
     * resumer. The runtime keeps them, so those classes keep running; the test resolves them too.
     */
    public static List<RuntimeMember> format2() {
        List<RuntimeMember> members = new ArrayList<>();
        String legacyFrame = "dev/jawait/internal/AsyncFrame";
        String legacyResumer = "dev/jawait/internal/Resumer";
        members.add(new RuntimeMember(Kind.CONSTRUCTOR, legacyFrame, "<init>",
                "(L" + legacyResumer + ";IIILjava/lang/String;)V"));
        members.add(new RuntimeMember(Kind.INTERFACE_METHOD, legacyResumer, "resume",
                "(L" + legacyFrame + ";)" + OBJECT));
        for (String slot : new String[] {"i0", "i1", "i2", "i3"}) {
            members.add(new RuntimeMember(Kind.FIELD, legacyFrame, slot, "I"));
        }
        members.add(new RuntimeMember(Kind.FIELD, legacyFrame, "j0", "J"));
        members.add(new RuntimeMember(Kind.FIELD, legacyFrame, "j1", "J"));
        for (String slot : new String[] {"l0", "l1", "l2", "l3", "l4", "l5"}) {
            members.add(new RuntimeMember(Kind.FIELD, legacyFrame, slot, OBJECT));
        }
        members.add(new RuntimeMember(Kind.FIELD, legacyFrame, "moreI", "[I"));
        members.add(new RuntimeMember(Kind.FIELD, legacyFrame, "moreJ", "[J"));
        members.add(new RuntimeMember(Kind.FIELD, legacyFrame, "moreL", "[" + OBJECT));
        // Reached through the legacy frame: fields and methods its base declares.
        members.add(new RuntimeMember(Kind.FIELD, legacyFrame, "label", "I"));
        members.add(new RuntimeMember(Kind.VIRTUAL_METHOD, legacyFrame, "suspend", "(" + FUTURE + ")V"));
        members.add(new RuntimeMember(Kind.VIRTUAL_METHOD, legacyFrame, "takeAwaited", "()" + FUTURE));
        members.add(resultOf());
        return members;
    }

    private static RuntimeMember add(Kind kind, String owner, String name, String descriptor) {
        RuntimeMember member = new RuntimeMember(kind, owner, name, descriptor);
        ALL.add(member);
        return member;
    }
}
