package dev.jawait.samples.ecosystem.servers;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Finds and runs the server programs: on the PATH, in a folder named by an environment variable, or in Debian's. */
final class Programs {
    private Programs() {
    }

    /**
     * The first of {@code folders}, then of the PATH, that holds {@code name}; a {@link MissingServerException}
     * naming {@code install} otherwise.
     */
    static Path find(String name, List<Path> folders, String install) {
        List<Path> candidates = new ArrayList<>(folders);
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                candidates.add(Paths.get(entry));
            }
        }
        for (Path folder : candidates) {
            Path program = folder.resolve(name);
            if (Files.isExecutable(program)) {
                return program;
            }
        }
        throw new MissingServerException(name + " was not found (looked in " + candidates + "). " + install);
    }

    /** Debian keeps PostgreSQL's server programs off the PATH, in /usr/lib/postgresql/VERSION/bin: newest first. */
    static List<Path> debianPostgresFolders() {
        Path root = Paths.get("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(Files::isDirectory)
                    .sorted(Comparator.comparing((Path bin) -> versionOf(bin.getParent())).reversed())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int versionOf(Path folder) {
        try {
            return Integer.parseInt(folder.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Runs a command to its end; fails with its output if it exits with anything but 0. */
    static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s\n" + output);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + "\n" + output);
        }
        return output;
    }

    /** A TCP port on the loopback interface that nothing listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Deletes a scratch folder left by an earlier run. */
    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
