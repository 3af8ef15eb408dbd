package dev.jawait.samples.ecosystem;

import java.nio.file.Path;

/** Where the samples keep their scratch servers. */
final class Samples {
    private Samples() {
    }

    /** {@code -Dservers.directory}, set by the build to target/servers; a folder under the working one otherwise. */
    static Path serversDirectory() {
        return Path.of(System.getProperty("servers.directory", "target/servers")).toAbsolutePath();
    }
}
