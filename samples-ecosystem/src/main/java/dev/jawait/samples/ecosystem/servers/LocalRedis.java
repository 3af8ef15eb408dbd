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
import java.util.Optional;

/**
 * A throwaway Redis server listening on 127.0.0.1 only, on a free port, persisting nothing; {@link #close} stops it.
 */
public final class LocalRedis implements Server {
    private static final long READY_SECONDS = 30;

    private final ServerProcess process;
    private final int port;

    private LocalRedis(ServerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the redis-server of {@code binFolder} or else embedded-redis's, in {@code folder} (its binary and log),
     * and waits until it answers PING; a {@link ServerStartException} if it cannot.
     */
    public static LocalRedis start(Path folder, Optional<Path> binFolder) {
        folder = folder.toAbsolutePath();         // the server runs in it: a relative binary path would miss
        try {
            Programs.deleteRecursively(folder);
            Files.createDirectories(folder);
            Path server = RedisBinary.find(binFolder, folder);
            int port = Programs.freePort();
            ServerProcess process = ServerProcess.start("redis-server", List.of(server.toString(), "--bind",
                    "127.0.0.1", "--port", String.valueOf(port), "--dir", folder.toString(), "--save", "",
                    "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes"), false, folder,
                    folder.resolve("server.log"));
            if (!Programs.awaitReady(process, () -> answersPing(port), READY_SECONDS)) {
                String why = process.isAlive() ? "did not answer PING within " + READY_SECONDS + " s" : "exited";
                process.stop();
                throw new IOException(server + " on port " + port + " " + why + "; its log ends:\n"
                        + process.logTail());
            }
            return new LocalRedis(process, port);
        } catch (IOException | RuntimeException e) {
            throw e instanceof ServerStartException s ? s : ServerStartException.redis(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ServerStartException.redis("interrupted while starting", e);
        }
    }

    private static boolean answersPing(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(7), StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The server's processes (the watchdog and redis-server), for tests that check they end. */
    public List<ProcessHandle> processes() {
        return process.processes();
    }

    @Override
    public void close() {
        process.stop();
    }
}
