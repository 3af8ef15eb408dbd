package dev.jawait.samples.ecosystem.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server program running as a child of this JVM that is always stopped: by {@link #stop}, by a shutdown hook when
 * the JVM exits (Ctrl-C included), and by a watchdog when the JVM is killed outright.
 *
 * <p>On Unix the program runs under {@code sh}, which starts it in the background and waits for the end of its
 * standard input: the JVM holds the other end of that pipe, so the pipe closes when {@link #stop} closes it or when
 * the JVM dies, however it dies; the watchdog then sends the server SIGINT (a fast shutdown for both PostgreSQL and
 * Redis). Neither server has an option to die with its parent, and a shutdown hook does not run on SIGKILL.
 */
final class ServerProcess {
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    /**
     * The watchdog: fd 3 keeps the JVM's pipe (a background job's stdin is /dev/null), the server runs without it,
     * and the script's exit status is the server's.
     */
    private static final String WATCHDOG = "exec 3<&0\n"
            + "\"$@\" </dev/null 3<&- &\n"
            + "server=$!\n"
            + "{ cat <&3 >/dev/null; kill -INT \"$server\" 2>/dev/null; } &\n"
            + "exec 3<&-\n"
            + "wait \"$server\"\n";

    private static final long STOP_SECONDS = 30;

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread shutdownHook;
    private boolean stopped;
    private Runnable afterStop = () -> { };

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.shutdownHook = new Thread(this::stop, "stop " + name);
    }

    /**
     * Starts {@code command} in {@code workingFolder}, its output going to {@code log}; as {@link ServerUser} if
     * {@code unprivileged} (the watchdog too, so that it may signal the server).
     */
    static ServerProcess start(String name, List<String> command, boolean unprivileged, Path workingFolder, Path log)
            throws IOException {
        List<String> full = new ArrayList<>();
        if (WINDOWS) {
            full.addAll(command);       // no sh: the shutdown hook and stop() are all there is
        } else {
            full.addAll(List.of("/bin/sh", "-c", WATCHDOG, "sh"));
            full.addAll(command);
        }
        Process process = new ProcessBuilder(unprivileged ? ServerUser.wrap(full) : full)
                .directory(workingFolder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServerProcess server = new ServerProcess(name, process, log);
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        return server;
    }

    /** Runs {@code cleanup} once the processes have ended, whoever stops them: a caller or the shutdown hook. */
    void afterStop(Runnable cleanup) {
        this.afterStop = cleanup;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** This process and all its descendants: the watchdog, the server, the server's own workers. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        try (Stream<ProcessHandle> descendants = process.descendants()) {
            descendants.forEach(all::add);
        }
        return all;
    }

    /** The log's last lines, for error messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    /**
     * Asks the server to stop and waits; kills what is left of the process tree after {@value #STOP_SECONDS} s.
     * Idempotent; also the shutdown hook.
     */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running this or will find it done
            }
        }
        // Listed before the watchdog exits: afterwards the server's workers no longer descend from this process.
        List<ProcessHandle> tree = processes();
        try {
            process.getOutputStream().close();      // the watchdog's signal
            if (WINDOWS) {
                process.destroy();
            }
            process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (IOException e) {
            // the pipe is already gone: the watchdog saw it too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();     // still kill the tree below
        }
        for (ProcessHandle handle : tree) {
            handle.destroyForcibly();               // no-op for processes that have ended
        }
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.getLogger(ServerProcess.class.getName()).log(System.Logger.Level.WARNING,
                        name + ": process " + handle.pid() + " did not end: " + e);
            }
        }
        afterStop.run();
    }
}
