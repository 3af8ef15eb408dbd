package dev.jawait.samples.ecosystem.servers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A missing server program fails with a message that names it and says how to install it. */
class ProgramsTest {
    @Test
    void aMissingPostgresProgramFailsWithTheInstallHint() {
        MissingServerException e = assertThrows(MissingServerException.class,
                () -> Programs.find("initdb-that-does-not-exist", List.of(Path.of("/nowhere")),
                        LocalPostgres.INSTALL_HINT));
        assertTrue(e.getMessage().startsWith("initdb-that-does-not-exist was not found (looked in [/nowhere"),
                e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install -y postgresql"), e.getMessage());
    }

    @Test
    void aMissingRedisServerFailsWithTheInstallHint() {
        MissingServerException e = assertThrows(MissingServerException.class,
                () -> Programs.find("redis-server-that-does-not-exist", List.of(), LocalRedis.INSTALL_HINT));
        assertTrue(e.getMessage().contains("apt-get install -y redis-server"), e.getMessage());
    }

    @Test
    void aProgramIsFoundInTheFoldersGivenBeforeThePath() {
        Path found = Programs.find("sh", List.of(Path.of("/bin")), "");
        assertTrue(found.equals(Path.of("/bin/sh")), found.toString());
    }
}
