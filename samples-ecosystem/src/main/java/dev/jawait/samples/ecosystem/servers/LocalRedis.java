package dev.jawait.samples.ecosystem.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway Redis server listening on 127.0.0.1 only, on a free port, persisting nothing; {@link #close} stops it.
 */
public final class LocalRedis implements AutoCloseable {
    static final String INSTALL_HINT = "The Redis samples and tests start their own server and need redis-server:"
            + " on Debian or Ubuntu run `sudo apt-get install -y redis-server`, on macOS `brew install redis`; or set"
            + " REDIS_BIN to the folder that holds it.";

    private final Process process;
    private final int port;

    private LocalRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server whose working folder (and log) is {@code folder}, and waits until it answers PING. */
    public static LocalRedis start(Path folder) throws IOException, InterruptedException {
        String redisBin = System.getenv("REDIS_BIN");
        Path server = Programs.find("redis-server",
                redisBin == null || redisBin.isEmpty() ? List.of() : List.of(Path.of(redisBin)), INSTALL_HINT);
        Programs.deleteRecursively(folder);
        Files.createDirectories(folder);
        int port = Programs.freePort();
        Process process = new ProcessBuilder(server.toString(), "--bind", "127.0.0.1", "--port",
                String.valueOf(port), "--dir", folder.toString(), "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--protected-mode", "yes")
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("server.log").toFile())
                .start();
        LocalRedis redis = new LocalRedis(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!redis.answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                redis.close();
                throw new IOException("redis-server did not start; its log:\n"
                        + Files.readString(folder.resolve("server.log")));
            }
            Thread.sleep(50);
        }
        return redis;
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
