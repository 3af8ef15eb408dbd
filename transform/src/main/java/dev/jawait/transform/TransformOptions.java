package dev.jawait.transform;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How strict the transformer's build-time checks are, and which calls count as blocking. Immutable: each {@code
 * with...} method returns a copy.
 */
public final class TransformOptions {
    /**
     * Calls that block their thread, as {@code owner#method} (binary class name; a call on a subtype matches too),
     * each with the async alternative the warning suggests.
     */
    public static final Map<String, String> DEFAULT_BLOCKING_CALLS = defaultBlockingCalls();

    private final Map<Check, Check.Level> levels;
    private final Map<String, String> blockingCalls;
    private final boolean everyClassChecked;
    private final boolean loadTimeFrameNames;

    private TransformOptions(Map<Check, Check.Level> levels, Map<String, String> blockingCalls,
            boolean everyClassChecked, boolean loadTimeFrameNames) {
        this.levels = levels;
        this.blockingCalls = blockingCalls;
        this.everyClassChecked = everyClassChecked;
        this.loadTimeFrameNames = loadTimeFrameNames;
    }

    /** Every check a warning; the default blocking calls. */
    public static TransformOptions defaults() {
        Map<Check, Check.Level> levels = new EnumMap<>(Check.class);
        for (Check check : Check.values()) {
            levels.put(check, Check.Level.WARNING);
        }
        return new TransformOptions(levels, DEFAULT_BLOCKING_CALLS, false, false);
    }

    public TransformOptions withLevel(Check check, Check.Level level) {
        Map<Check, Check.Level> copy = new EnumMap<>(levels);
        copy.put(check, level);
        return new TransformOptions(copy, blockingCalls, everyClassChecked, loadTimeFrameNames);
    }

    /** Adds a blocking call, {@code com.example.Db#query}, with the alternative to suggest. */
    public TransformOptions withBlockingCall(String ownerAndMethod, String alternative) {
        if (!ownerAndMethod.contains("#")) {
            throw new IllegalArgumentException("a blocking call is written owner#method, such as"
                    + " com.example.Db#query, not '" + ownerAndMethod + "'");
        }
        Map<String, String> copy = new LinkedHashMap<>(blockingCalls);
        copy.put(ownerAndMethod, alternative);
        return new TransformOptions(levels, Collections.unmodifiableMap(copy), everyClassChecked, loadTimeFrameNames);
    }

    /**
     * Whether classes that do not mention jawait are read too, for the one finding they can have: a plain method
     * that drops the future of another class's {@code @Async} method ({@link Check#NEVER_AWAITED}). On for the
     * build plugin and the command line, where a build pays for it once; off for the agent, which would pay for it at
     * every class load.
     */
    public TransformOptions withEveryClassChecked(boolean everyClassChecked) {
        return new TransformOptions(levels, blockingCalls, everyClassChecked, loadTimeFrameNames);
    }

    public boolean everyClassChecked() {
        return everyClassChecked;
    }

    /**
     * Whether the frame classes get names that no build writes as files ({@code Owner$jawait$AgentFrame0} instead of
     * {@code Owner$jawait$Frame0}). On for the agent: a class that an IDE compiled over a build's output, and that the
     * agent rewrites as it loads, must not take the frame class file that build wrote for the class as it was; its
     * own frame class is defined at its first suspension.
     */
    public TransformOptions withLoadTimeFrameNames(boolean loadTimeFrameNames) {
        return new TransformOptions(levels, blockingCalls, everyClassChecked, loadTimeFrameNames);
    }

    public boolean loadTimeFrameNames() {
        return loadTimeFrameNames;
    }

    public Check.Level level(Check check) {
        return levels.get(check);
    }

    public Map<String, String> blockingCalls() {
        return blockingCalls;
    }

    private static Map<String, String> defaultBlockingCalls() {
        Map<String, String> calls = new LinkedHashMap<>();
        String await = "await(...) the future instead";
        String toThread = "run it with Tasks.toThread(...), or use an async API";
        calls.put("java.lang.Thread#sleep", "await(Tasks.sleep(...)) instead");
        calls.put("java.lang.Thread#join", await);
        calls.put("java.lang.Object#wait", "await a future that the notifier completes");
        calls.put("java.util.concurrent.Future#get", await);
        calls.put("java.util.concurrent.CompletableFuture#join", await);
        calls.put("java.util.concurrent.locks.LockSupport#park", await);
        calls.put("java.util.concurrent.locks.LockSupport#parkNanos", await);
        calls.put("java.util.concurrent.locks.Lock#lock", toThread);
        calls.put("java.util.concurrent.CountDownLatch#await", await);
        calls.put("java.util.concurrent.Semaphore#acquire", toThread);
        calls.put("java.util.concurrent.BlockingQueue#take", toThread);
        calls.put("java.util.concurrent.BlockingQueue#put", toThread);
        calls.put("java.util.concurrent.ExecutorService#awaitTermination", toThread);
        calls.put("java.net.http.HttpClient#send", "await(client.sendAsync(...)) instead");
        calls.put("java.net.Socket#connect", toThread);
        calls.put("java.net.ServerSocket#accept", toThread);
        calls.put("java.net.URL#openStream", toThread);
        calls.put("java.io.FileInputStream#read", toThread);
        calls.put("java.io.FileOutputStream#write", toThread);
        calls.put("java.io.RandomAccessFile#read", toThread);
        calls.put("java.io.RandomAccessFile#write", toThread);
        calls.put("java.nio.file.Files#readAllBytes", toThread);
        calls.put("java.nio.file.Files#readString", toThread);
        calls.put("java.nio.file.Files#readAllLines", toThread);
        calls.put("java.nio.file.Files#write", toThread);
        calls.put("java.nio.file.Files#writeString", toThread);
        calls.put("java.nio.file.Files#copy", toThread);
        calls.put("java.sql.Statement#execute", toThread);
        calls.put("java.sql.Statement#executeQuery", toThread);
        calls.put("java.sql.Statement#executeUpdate", toThread);
        calls.put("java.sql.PreparedStatement#execute", toThread);
        calls.put("java.sql.PreparedStatement#executeQuery", toThread);
        calls.put("java.sql.PreparedStatement#executeUpdate", toThread);
        return Collections.unmodifiableMap(calls);
    }
}
