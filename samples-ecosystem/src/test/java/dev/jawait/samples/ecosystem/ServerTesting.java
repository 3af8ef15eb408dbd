package dev.jawait.samples.ecosystem;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the integration tests share: where scratch servers go, and a check that a server's processes have ended. */
public final class ServerTesting {
    private ServerTesting() {
    }

    public static Path folder(String name) {
        return Path.of(System.getProperty("servers.directory", "target/servers")).resolve(name).toAbsolutePath();
    }

    /** Every one of {@code processes} ends within 15 s (at once, after a server's close). */
    public static void assertAllEnded(List<ProcessHandle> processes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(processes.stream().noneMatch(ProcessHandle::isAlive), () -> "still running: " + processes.stream()
                .filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
    }
}
