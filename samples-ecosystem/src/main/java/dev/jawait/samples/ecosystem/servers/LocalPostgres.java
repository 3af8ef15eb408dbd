package dev.jawait.samples.ecosystem.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * A throwaway PostgreSQL cluster in a scratch folder, listening on 127.0.0.1 only, on a free port, with trust
 * authentication for the user {@code postgres}; {@link #close} stops it and, as root, deletes its temp folder.
 */
public final class LocalPostgres implements Server {
    private static final long INITDB_SECONDS = 120;
    private static final long READY_SECONDS = 60;

    private final ServerProcess process;
    private final int port;

    private LocalPostgres(ServerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Creates a new cluster (deleting what an earlier run left in {@code folder}) with the programs in {@code binFolder}
     * or else zonky's, and starts it; a {@link ServerStartException} if any step fails.
     */
    public static LocalPostgres start(Path folder, Optional<Path> binFolder) {
        folder = folder.toAbsolutePath();         // the programs run in another working folder
        Path home = null;
        try {
            Programs.deleteRecursively(folder);
            Files.createDirectories(folder);
            // As root the server runs as nobody, who may not reach a folder inside the checkout (a clone under a 0700
            // temporary directory): its files then go to a folder of its own under the system's temp dir.
            home = ServerUser.isRoot() ? Files.createTempDirectory("jawait-postgres-") : folder;
            PostgresBinaries binaries = PostgresBinaries.find(binFolder, home.resolve("pgsql"));
            Path data = Files.createDirectories(home.resolve("data"));
            if (ServerUser.isRoot()) {
                Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
                ServerUser.giveFolder(home);
            }
            Programs.run(ServerUser.wrap(List.of(binaries.initdb().toString(), "-D", data.toString(), "-U",
                    "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C")), home,
                    folder.resolve("initdb.log"), INITDB_SECONDS);
            return launch(binaries, data, home, folder, home.equals(folder) ? null : home);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(folder.equals(home) ? null : home);
            throw e instanceof ServerStartException s ? s : ServerStartException.postgres(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(folder.equals(home) ? null : home);
            throw ServerStartException.postgres("interrupted while starting", e);
        }
    }

    private static LocalPostgres launch(PostgresBinaries binaries, Path data, Path home, Path folder,
            Path outsideScratch) throws IOException, InterruptedException {
        int port = Programs.freePort();
        Path log = folder.resolve("server.log");
        // postgres itself rather than pg_ctl, which would detach it from the watchdog. No Unix socket (its default
        // folder may not be writable), TCP on loopback only, no fsync: scratch data.
        ServerProcess process = ServerProcess.start("postgres", List.of(binaries.postgres().toString(), "-D",
                data.toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-k", "", "-c", "fsync=off", "-c",
                "max_connections=50"), ServerUser.isRoot(), home, log);
        if (!Programs.awaitReady(process, () -> logSays(log, "database system is ready to accept connections"),
                READY_SECONDS)) {
            String why = process.isAlive() ? "was not ready within " + READY_SECONDS + " s" : "exited";
            process.stop();
            throw new IOException(binaries.postgres() + " on port " + port + " " + why + "; its log ends:\n"
                    + process.logTail());
        }
        process.afterStop(() -> deleteQuietly(outsideScratch));   // also when the shutdown hook stops it
        return new LocalPostgres(process, port);
    }

    private static boolean logSays(Path log, String line) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(line);
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            if (folder != null) {
                Programs.deleteRecursively(folder);
            }
        } catch (IOException e) {
            System.getLogger(LocalPostgres.class.getName()).log(System.Logger.Level.WARNING,
                    "could not delete " + folder + ": " + e);
        }
    }

    @Override
    public String uri() {
        return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    /** The server's processes (the watchdog, the postmaster, its workers), for tests that check they end. */
    public List<ProcessHandle> processes() {
        return process.processes();
    }

    @Override
    public void close() {
        process.stop();
    }
}
