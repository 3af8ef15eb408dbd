package dev.jawait.samples.ecosystem.servers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import redis.embedded.core.ExecutableProvider;

/** The redis-server to run: a configured folder's, or embedded-redis's for this platform, copied out of its jar. */
final class RedisBinary {
    private static final String EXE = System.getProperty("os.name", "").startsWith("Windows") ? ".exe" : "";

    private RedisBinary() {
    }

    /** The configured folder's redis-server, or embedded-redis's written into {@code scratch}. */
    static Path find(Optional<Path> configured, Path scratch) throws IOException {
        if (configured.isPresent()) {
            return Programs.executableIn(configured.get(), "redis-server" + EXE);
        }
        try {
            // embedded-redis picks the binary for this OS and architecture and makes it executable.
            return ExecutableProvider.newJarResourceProvider(scratch::toFile).get().toPath();
        } catch (RuntimeException e) {             // no binary for this platform
            throw new IOException("embedded-redis has no redis-server for " + System.getProperty("os.name") + " on "
                    + System.getProperty("os.arch") + " (" + e + ")", e);
        }
    }
}
