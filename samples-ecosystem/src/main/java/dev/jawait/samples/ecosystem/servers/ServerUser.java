package dev.jawait.samples.ecosystem.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * PostgreSQL refuses to run as root (CI runs as root): there, its programs run as the {@code postgres} user that
 * Debian's package creates, and the scratch folder is handed to that user.
 */
final class ServerUser {
    private static final String POSTGRES = "postgres";

    private ServerUser() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", POSTGRES, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    static void giveToPostgres(Path folder) throws IOException {
        UserPrincipalLookupService users = folder.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal postgres;
        try {
            postgres = users.lookupPrincipalByName(POSTGRES);
        } catch (IOException e) {
            throw new MissingServerException("running as root, and there is no user " + POSTGRES + " to run"
                    + " PostgreSQL as (it refuses root). " + LocalPostgres.INSTALL_HINT);
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path path : all.toList()) {
                Files.setOwner(path, postgres);
            }
        }
    }
}
