package dev.jawait.samples.ecosystem.servers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** A server that cannot start fails at once, with one message saying what failed and how to use another server. */
class ServerStartFailureTest {
    @TempDir
    Path scratch;

    @Test
    void aRedisFolderThatDoesNotExistNamesItAndTheSettings() {
        String message = failsQuickly(() -> LocalRedis.start(scratch.resolve("redis"),
                Optional.of(Path.of("/nowhere/redis"))));
        assertTrue(message.startsWith("Could not start Redis: /nowhere/redis is not a folder"), message);
        assertTrue(message.contains("JAWAIT_SAMPLES_REDIS_URL (or -Djawait.samples.redis.url)"), message);
        assertTrue(message.contains("JAWAIT_SAMPLES_REDIS_BIN (or -Djawait.samples.redis.bin)"), message);
    }

    @Test
    void aDamagedRedisBinaryFailsWithItsOutput() throws IOException {
        Path bin = damagedProgramsIn(scratch.resolve("bin"), "redis-server");
        String message = failsQuickly(() -> LocalRedis.start(scratch.resolve("redis"), Optional.of(bin)));
        assertTrue(message.startsWith("Could not start Redis: " + bin.resolve("redis-server") + " on port "), message);
        assertTrue(message.contains(" exited; its log ends:"), message);
        assertTrue(message.contains("JAWAIT_SAMPLES_REDIS_URL"), message);
    }

    @Test
    void aPostgresFolderWithoutInitdbNamesItAndTheSettings() throws IOException {
        Path bin = Files.createDirectories(scratch.resolve("empty-bin"));
        String message = failsQuickly(() -> LocalPostgres.start(scratch.resolve("postgres"), Optional.of(bin)));
        assertTrue(message.startsWith("Could not start PostgreSQL: " + bin + " holds no executable initdb"), message);
        assertTrue(message.contains("JAWAIT_SAMPLES_POSTGRES_URL (or -Djawait.samples.postgres.url)"), message);
        assertTrue(message.contains("JAWAIT_SAMPLES_POSTGRES_BIN (or -Djawait.samples.postgres.bin)"), message);
    }

    @Test
    void aDamagedInitdbFailsWithItsOutput() throws IOException {
        Path bin = damagedProgramsIn(scratch.resolve("bin"), "initdb", "postgres");
        String message = failsQuickly(() -> LocalPostgres.start(scratch.resolve("postgres"), Optional.of(bin)));
        assertTrue(message.startsWith("Could not start PostgreSQL: "), message);
        assertTrue(message.contains("initdb") && message.contains(" exited with "), message);
        assertTrue(message.contains("JAWAIT_SAMPLES_POSTGRES_URL"), message);
    }

    @Test
    void aDamagedDownloadOfPostgresBinariesFailsToUnpack() {
        byte[] damaged = "not an xz archive".getBytes(StandardCharsets.US_ASCII);
        assertThrows(IOException.class, () -> TarXz.extract(new ByteArrayInputStream(damaged), scratch));
    }

    @Test
    void aPropertyWinsOverTheEnvironmentAndBlankCountsAsUnset() {
        String property = "jawait.samples.redis.bin";
        try {
            System.setProperty(property, " /opt/redis/bin ");
            assertTrue(ServerSetting.REDIS_BIN.value().equals(Optional.of("/opt/redis/bin")));
            System.setProperty(property, " ");
            assertTrue(ServerSetting.REDIS_BIN.value().equals(Optional.ofNullable(
                    System.getenv("JAWAIT_SAMPLES_REDIS_BIN")).filter(v -> !v.isBlank()).map(String::strip)));
        } finally {
            System.clearProperty(property);
        }
    }

    /** Executable files of random bytes, as a truncated or corrupted download leaves them. */
    private static Path damagedProgramsIn(Path folder, String... names) throws IOException {
        Files.createDirectories(folder);
        for (String name : names) {
            Path program = folder.resolve(name);
            Files.write(program, new byte[] {0x7f, 'E', 'L', 'F', 0, 1, 2, 3, 4, 5, 6, 7});
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return folder;
    }

    private static String failsQuickly(Executable start) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(ServerStartException.class, start).getMessage());
    }
}
