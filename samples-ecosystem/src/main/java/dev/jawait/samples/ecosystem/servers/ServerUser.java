package dev.jawait.samples.ecosystem.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * PostgreSQL refuses to run as root, and CI runs as root: there, its programs run as {@code nobody}, a user every
 * Unix has, through util-linux's {@code runuser}, and its folder is handed to that user. Other users run it as
 * themselves.
 */
final class ServerUser {
    static final String USER = "nobody";

    /** runuser is in sbin, which an ordinary PATH (and this project's CI) may leave out. */
    private static final List<Path> RUNUSER = List.of(Path.of("/usr/sbin/runuser"), Path.of("/sbin/runuser"),
            Path.of("/usr/bin/runuser"), Path.of("/bin/runuser"));

    private ServerUser() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code command} as it must run for PostgreSQL to accept it: itself, or as root under runuser. */
    static List<String> wrap(List<String> command) throws IOException {
        if (!isRoot()) {
            return command;
        }
        Path runuser = RUNUSER.stream().filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IOException("running as root, PostgreSQL (which refuses root) must run as "
                        + USER + ", but runuser was not found in " + RUNUSER));
        List<String> wrapped = new ArrayList<>(List.of(runuser.toString(), "-u", USER, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Makes {@code folder} and all in it the server user's (when root; otherwise it is already the user's). */
    static void giveFolder(Path folder) throws IOException {
        if (!isRoot()) {
            return;
        }
        UserPrincipal user = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path path : all.toList()) {
                // NOFOLLOW: the binaries' library symlinks are changed, not what they point at.
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setOwner(user);
            }
        }
    }
}
