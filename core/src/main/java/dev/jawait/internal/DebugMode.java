package dev.jawait.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * jawait's debug mode ({@code -Djawait.debug=true}, or the agent's {@code debug} option), like asyncio's: it logs a
 * step between two awaits that holds an event loop's thread longer than {@code jawait.debug.slowStepMillis} (100 by
 * default) and keeps the registry of suspended calls behind {@link dev.jawait.Tasks#dump()}. Off, it costs one branch
 * per resumption; on, the registry keeps suspended calls reachable, so it is for debugging, not production.
 */
public final class DebugMode {
    public static final String PROPERTY = "jawait.debug";
    public static final String SLOW_STEP_PROPERTY = "jawait.debug.slowStepMillis";
    static final boolean ENABLED = Boolean.getBoolean(PROPERTY);
    private static final long SLOW_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(Long.getLong(SLOW_STEP_PROPERTY, 100));
    private static final System.Logger LOG = System.getLogger("dev.jawait");
    /** Each suspended call, with when it suspended ({@code System.nanoTime()}): kept here, not in every frame. */
    private static final Map<CallFrame, Long> SUSPENDED = new ConcurrentHashMap<>();

    static {
        if (ENABLED) {
            TaskDumpBean.register();
        }
    }

    private DebugMode() {
    }

    public static boolean enabled() {
        return ENABLED;
    }

    static void suspended(CallFrame frame) {
        SUSPENDED.put(frame, System.nanoTime());
    }

    static void resumed(CallFrame frame) {
        SUSPENDED.remove(frame);
    }

    /** After a resumed step ran for {@code nanos}: on an event loop's thread, a long step stalled every task. */
    static void stepTook(CallFrame frame, int resumedAtLabel, long nanos) {
        if (nanos >= SLOW_STEP_NANOS && EventLoop.current() != null) {
            LOG.log(System.Logger.Level.WARNING, "jawait debug: a step of " + frame.location(resumedAtLabel)
                    + " took " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms on event loop thread "
                    + Thread.currentThread().getName() + "; no other task of the loop ran meanwhile");
        }
    }

    /** After the first step of {@code task} (its block, up to its first suspension) ran for {@code nanos}. */
    static void firstStepTook(SpawnedTask<?> task, long nanos) {
        if (nanos >= SLOW_STEP_NANOS && EventLoop.current() != null) {
            LOG.log(System.Logger.Level.WARNING, "jawait debug: the first step of " + task.describe() + " took "
                    + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms on event loop thread "
                    + Thread.currentThread().getName() + "; no other task of the loop ran meanwhile");
        }
    }

    /**
     * Every suspended call: where it waits, for what and for how long, the source variables it keeps there, and
     * which calls await it.
     */
    public static String dump() {
        if (!ENABLED) {
            return "jawait task dump: debug mode is off (run with -D" + PROPERTY + "=true)";
        }
        Map<CallFrame, Long> suspendedAt = new HashMap<>(SUSPENDED);
        List<CallFrame> frames = new ArrayList<>(suspendedAt.keySet());
        StringBuilder out = new StringBuilder("jawait task dump: " + frames.size() + " suspended call"
                + (frames.size() == 1 ? "" : "s") + "\n");
        long now = System.nanoTime();
        Map<Object, Object> awaitedByFrame = new java.util.IdentityHashMap<>();
        Map<Object, List<CallFrame>> awaitedBy = new java.util.IdentityHashMap<>(); // one pass, not one per frame
        for (CallFrame frame : frames) {
            Object awaited = frame.awaitedForDump();
            awaitedByFrame.put(frame, awaited);
            if (awaited != null) {
                awaitedBy.computeIfAbsent(awaited, key -> new ArrayList<>()).add(frame);
            }
        }
        for (CallFrame frame : frames) {
            Object awaited = awaitedByFrame.get(frame);
            out.append("  ").append(frame.location(frame.awaitNumber())).append(", waiting ")
                    .append(TimeUnit.NANOSECONDS.toMillis(now - suspendedAt.get(frame))).append(" ms for ")
                    .append(awaited instanceof CallFrame ? ((CallFrame) awaited).location(-1)
                            : Site.describeValue(awaited))
                    .append('\n');
            String variables = frame.variablesForDump();
            if (!variables.isEmpty()) {
                out.append("      with ").append(variables).append('\n');
            }
            for (CallFrame other : awaitedBy.getOrDefault(frame, List.of())) {
                out.append("      awaited by ").append(other.location(other.awaitNumber())).append('\n');
            }
        }
        return out.toString();
    }
}
