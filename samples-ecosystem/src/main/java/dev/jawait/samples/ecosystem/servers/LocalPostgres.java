package dev.jawait.samples.ecosystem.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway PostgreSQL cluster in a scratch folder, listening on 127.0.0.1 only, on a free port, with trust
 * authentication for the user {@code postgres}; {@link #close} stops it.
 */
public final class LocalPostgres implements AutoCloseable {
    static final String INSTALL_HINT = "The PostgreSQL samples and tests start their own server and need its"
            + " programs (initdb, pg_ctl): on Debian or Ubuntu run `sudo apt-get install -y postgresql`, on macOS"
            + " `brew install postgresql`; or set PG_BIN to the folder that holds them.";

    private final Path pgCtl;
    private final Path data;
    private final int port;

    /** The scratch folder outside the checkout to delete on close, or null. */
    private final Path outsideScratch;

    private LocalPostgres(Path pgCtl, Path data, int port, Path outsideScratch) {
        this.outsideScratch = outsideScratch;
        this.pgCtl = pgCtl;
        this.data = data;
        this.port = port;
    }

    /** Creates a new cluster in {@code folder} (deleting what an earlier run left there) and starts it. */
    public static LocalPostgres start(Path folder) throws IOException, InterruptedException {
        List<Path> folders = new ArrayList<>();
        String pgBin = System.getenv("PG_BIN");
        if (pgBin != null && !pgBin.isEmpty()) {
            folders.add(Path.of(pgBin));
        }
        folders.addAll(Programs.debianPostgresFolders());
        Path initdb = Programs.find("initdb", folders, INSTALL_HINT);
        Path pgCtl = Programs.find("pg_ctl", List.of(initdb.getParent()), INSTALL_HINT);

        Programs.deleteRecursively(folder);
        Files.createDirectories(folder);
        // As root the server runs as the postgres user, which may not reach a folder inside the checkout (a clone
        // under a 0700 temporary directory): its files then go to a folder of its own under the system's temp dir.
        Path home = ServerUser.isRoot() ? Files.createTempDirectory("jawait-postgres-") : folder;
        Path data = home.resolve("data");
        Files.createDirectories(data);
        if (ServerUser.isRoot()) {
            ServerUser.giveToPostgres(home);
        }
        Programs.run(ServerUser.asServerUser(List.of(initdb.toString(), "-D", data.toString(), "-U", "postgres",
                "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C")), 120);
        int port = Programs.freePort();
        // No Unix socket (its default folder may not be writable), TCP on loopback only, no fsync: scratch data.
        String options = "-h 127.0.0.1 -p " + port + " -k '' -c fsync=off -c max_connections=50";
        Programs.run(ServerUser.asServerUser(List.of(pgCtl.toString(), "-D", data.toString(), "-l",
                home.resolve("server.log").toString(), "-o", options, "-w", "-t", "60", "start")), 90);
        return new LocalPostgres(pgCtl, data, port, home.equals(folder) ? null : home);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String user() {
        return "postgres";
    }

    public String database() {
        return "postgres";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Programs.run(ServerUser.asServerUser(List.of(pgCtl.toString(), "-D", data.toString(), "-m", "fast", "-w",
                "stop")), 60);
        if (outsideScratch != null) {
            Programs.deleteRecursively(outsideScratch);
        }
    }
}
