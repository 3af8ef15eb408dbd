package dev.jawait.samples.ecosystem.servers;

import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * A JVM that starts a server, prints its processes' ids on one line and waits to be killed: for the test that a
 * server dies with a JVM killed outright, when no shutdown hook runs.
 */
public final class ServerHolder {
    private ServerHolder() {
    }

    /** {@code redis FOLDER} or {@code postgres FOLDER}. */
    public static void main(String[] args) throws InterruptedException {
        Path folder = Path.of(args[1]);
        Server server = args[0].equals("redis") ? LocalRedis.start(folder, java.util.Optional.empty())
                : LocalPostgres.start(folder, java.util.Optional.empty());
        var processes = server instanceof LocalRedis redis ? redis.processes() : ((LocalPostgres) server).processes();
        System.out.println("pids " + processes.stream().map(p -> String.valueOf(p.pid()))
                .collect(Collectors.joining(" ")));
        Thread.sleep(Long.MAX_VALUE);
    }
}
