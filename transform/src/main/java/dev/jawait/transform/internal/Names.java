package dev.jawait.transform.internal;

import org.objectweb.asm.Opcodes;

/**
 * The ASM API level and the names the transformer matches in class files. The runtime members it emits calls to
 * are in {@link RuntimeContract}.
 */
public final class Names {
    public static final int ASM_API = Opcodes.ASM9;

    public static final String AWAIT = "dev/jawait/Await";
    public static final String AWAIT_METHOD = "await";
    public static final String AWAIT_DESC = "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;";
    /** {@code await(stage, SomeChecked.class)}: the class argument only tells javac what may be thrown. */
    public static final String AWAIT_CHECKED_DESC =
            "(Ljava/util/concurrent/CompletionStage;Ljava/lang/Class;)Ljava/lang/Object;";
    public static final String ASYNC_DESC = "Ldev/jawait/Async;";
    /** Class annotation (invisible) that marks a class jawait already rewrote; its value is the format version. */
    public static final String REWRITTEN_DESC = "Ldev/jawait/internal/Rewritten;";
    /**
     * The layout of the rewritten code. 6: as 5, and a resumed await takes its outcome from the frame ({@code
     * CallFrame.takeOutcome}), where every earlier format took the future and read it itself; some classes marked 5
     * call it too (it came before this number did): an older jawait's transformer reports format 6 as newer than it
     * runs, while a format-5 class that calls {@code takeOutcome} fails with {@code NoSuchMethodError} on an older
     * runtime. 5: as 4, and an inner entry takes the depth of the call after its marker, and from {@code
     * InnerEntries.DEPTH_LIMIT} calls deep returns {@code AwaitSupport.callLater} instead of running. 4: as 3, and an
     * await of a direct call to a suspending method of the same class calls the method's inner entry (see
     * InnerEntries). 3: the method runs its first run itself, and a body resumes it. 2: the method called the body for
     * its first run too. Classes of formats 2 to 5 keep running on this runtime, which still has every member they
     * call: RuntimeContract lists those it no longer emits apart, and its test resolves them.
     */
    public static final int FORMAT_VERSION = 6;
    /** The oldest format whose classes this runtime still runs. */
    public static final int OLDEST_RUNNABLE_FORMAT = 2;

    public static final String COMPLETION_STAGE = "java/util/concurrent/CompletionStage";
    /** {@code async with}: a try-with-resources over one of these awaits its close (see AwaitAsyncCloses). */
    public static final String ASYNC_CLOSEABLE = "dev/jawait/AsyncCloseable";
    public static final String CLOSE_ASYNC = "closeAsync";
    public static final String CLOSE_ASYNC_DESC = "()Ljava/util/concurrent/CompletionStage;";
    public static final String CLOSE_ASYNC_AFTER_DESC =
            "(Ljava/lang/Throwable;)Ljava/util/concurrent/CompletionStage;";
    public static final String COMPLETABLE_FUTURE = "java/util/concurrent/CompletableFuture";
    public static final String OBJECT = "java/lang/Object";
    public static final String THROWABLE = "java/lang/Throwable";

    public static final String SUPPORT = "dev/jawait/internal/AwaitSupport";

    /** The runtime's base of every method's frame class. */
    public static final String FRAME = "dev/jawait/internal/CallFrame";
    public static final String FRAME_DESC = "L" + FRAME + ";";
    public static final String FRAME_CLASSES = "dev/jawait/internal/FrameClasses";
    /** The type of an inner entry's last parameter, always null: it only sets the entry's descriptor apart. */
    public static final String INNER_CALL = "dev/jawait/internal/InnerCall";

    /** Between a rewritten class's name and the number of its method, in the name of that method's frame class. */
    private static final String FRAME_CLASS_INFIX = "$jawait$Frame";
    /** The same, for a frame class that only the rewritten class defines (under the agent), never a file. */
    private static final String LOAD_TIME_FRAME_CLASS_INFIX = "$jawait$AgentFrame";

    private Names() {
    }

    /**
     * The frame class of the {@code index}th rewritten method of {@code owner}, beside it in its package; of another
     * name if it is only ever defined at load time (see {@code TransformOptions.withLoadTimeFrameNames}).
     */
    public static String frameClassName(String owner, int index, boolean loadTime) {
        return owner + (loadTime ? LOAD_TIME_FRAME_CLASS_INFIX : FRAME_CLASS_INFIX) + index;
    }

    /** Whether {@code internalName} is a frame class's, written by a build or defined at load time. */
    public static boolean isFrameClassName(String internalName) {
        return frameClassOwner(internalName) != null;
    }

    /**
     * The class whose frame class {@code name} is, written by a build or defined at load time; null if it is none.
     * Works on paths as well: {@code META-INF/versions/11/a/B$jawait$Frame0} gives {@code META-INF/versions/11/a/B}.
     */
    public static String frameClassOwner(String name) {
        String owner = ownerBefore(name, FRAME_CLASS_INFIX);
        return owner != null ? owner : ownerBefore(name, LOAD_TIME_FRAME_CLASS_INFIX);
    }

    /** Whether {@code name} is one a build gives to a frame class of {@code owner} ({@code owner$jawait$Frame3}). */
    public static boolean isBuildFrameClassNameOf(String name, String owner) {
        return owner.equals(ownerBefore(name, FRAME_CLASS_INFIX));
    }

    private static String ownerBefore(String name, String infix) {
        int at = name.lastIndexOf(infix);
        boolean numbered = at > 0 && name.length() > at + infix.length()
                && name.substring(at + infix.length()).chars().allMatch(Character::isDigit);
        return numbered ? name.substring(0, at) : null;
    }
}
