package dev.jawait.samples.ecosystem.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** What starting the servers needs from the system: running a program with a deadline, ports, folders. */
final class Programs {
    private Programs() {
    }

    /** {@code folder/name}, if it is an executable file; an IOException naming the folder otherwise. */
    static Path executableIn(Path folder, String name) throws IOException {
        Path program = folder.resolve(name);
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + " is not a folder");
        }
        if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
            throw new IOException(folder + " holds no executable " + name);
        }
        return program;
    }

    /**
     * Runs a command to its end, its output going to {@code log} (a file, not a pipe: reading a pipe would block past
     * the deadline); fails with the log if it exits with anything but 0 or outlives {@code timeoutSeconds}.
     */
    static void run(List<String> command, Path workingFolder, Path log, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(workingFolder.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    /**
     * Waits until {@code ready}, polling; false as soon as {@code server} has ended or {@code timeoutSeconds} have
     * passed, so that a server that cannot start never hangs a sample.
     */
    static boolean awaitReady(ServerProcess server, BooleanSupplier ready, long timeoutSeconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!ready.getAsBoolean()) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** A TCP port on the loopback interface that nothing listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Deletes a scratch folder, such as one left by an earlier run. */
    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
