package dev.jawait.samples.ecosystem.servers;

import java.nio.file.Path;

/**
 * The servers the samples and their tests use: the one a {@link ServerSetting} URL names, or else a scratch server
 * started here, from the binaries in Maven artifacts or in a configured folder.
 */
public final class Servers {
    private Servers() {
    }

    /** A PostgreSQL; a scratch one keeps its files in {@code folder} (or, as root, in a temp folder of its own). */
    public static Server postgres(Path folder) {
        return ServerSetting.POSTGRES_URL.value().<Server>map(Configured::new)
                .orElseGet(() -> LocalPostgres.start(folder, ServerSetting.POSTGRES_BIN.value().map(Path::of)));
    }

    /** A Redis; a scratch one keeps its binary and log in {@code folder}. */
    public static Server redis(Path folder) {
        return ServerSetting.REDIS_URL.value().<Server>map(Configured::new)
                .orElseGet(() -> LocalRedis.start(folder, ServerSetting.REDIS_BIN.value().map(Path::of)));
    }

    /** A server of the user's: used as it is, and left running. */
    private record Configured(String uri) implements Server {
        @Override
        public void close() {
        }
    }
}
