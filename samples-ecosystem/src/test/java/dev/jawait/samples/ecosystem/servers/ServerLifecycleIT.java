package dev.jawait.samples.ecosystem.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.samples.ecosystem.ServerTesting;
import dev.jawait.samples.ecosystem.ShopSample;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scratch servers' processes end: after close, after a sample fails inside the try, and when the JVM that started
 * them is killed outright.
 */
class ServerLifecycleIT {
    @Test
    void closingRedisEndsItsProcesses() throws Exception {
        List<ProcessHandle> processes;
        try (LocalRedis redis = LocalRedis.start(ServerTesting.folder("redis-lifecycle"), Optional.empty())) {
            processes = redis.processes();
            assertTrue(processes.stream().anyMatch(p -> command(p).contains("redis-server")), describe(processes));
            assertTrue(processes.stream().allMatch(ProcessHandle::isAlive), describe(processes));
        }
        ServerTesting.assertAllEnded(processes);
    }

    @Test
    void aSampleThatFailsStillStopsPostgres() throws Exception {
        List<ProcessHandle> processes = new ArrayList<>();
        RuntimeException failure = assertThrows(RuntimeException.class, () -> {
            try (LocalPostgres postgres = LocalPostgres.start(ServerTesting.folder("postgres-lifecycle"),
                    Optional.empty())) {
                processes.addAll(postgres.processes());
                assertTrue(processes.stream().anyMatch(p -> command(p).contains("postgres")), describe(processes));
                // A real failure inside the sample: the database it names does not exist.
                ShopSample.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        postgres.uri().replace("/postgres", "/no_such_database"));
            }
        });
        assertTrue(String.valueOf(failure.getMessage()).contains("no_such_database"), failure.toString());
        ServerTesting.assertAllEnded(processes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "postgres"})
    void aServerDiesWithTheJvmThatStartedItWhenThatJvmIsKilled(String server) throws Exception {
        Path folder = ServerTesting.folder(server + "-killed-jvm");
        // The killed JVM cannot delete what it puts in its temp dir (as root, PostgreSQL's files): give it one here.
        Path tmp = Files.createTempDirectory("jawait-killed-jvm-");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), ServerHolder.class.getName(),
                server, folder.toString())
                .redirectErrorStream(true).start();
        List<ProcessHandle> processes = new ArrayList<>();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(jvm.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = output.readLine()) != null && !line.startsWith("pids ")) {
                seen.append(line).append('\n');
            }
            assertTrue(line != null, "the server did not start:\n" + seen);
            Arrays.stream(line.substring(5).split(" ")).map(Long::parseLong).map(ProcessHandle::of)
                    .forEach(p -> p.ifPresent(processes::add));
            assertTrue(processes.stream().anyMatch(p -> command(p).contains(server)), describe(processes));
            jvm.destroyForcibly();                  // SIGKILL: no shutdown hook runs
            assertEquals(137, jvm.waitFor());
        } finally {
            jvm.destroyForcibly();
        }
        ServerTesting.assertAllEnded(processes);
        Programs.deleteRecursively(tmp);
    }

    private static String command(ProcessHandle process) {
        return process.info().commandLine().orElse("");
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + command(p) + (p.isAlive() ? "" : " (ended)")).toList()
                .toString();
    }
}
