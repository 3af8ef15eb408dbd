package dev.jawait.samples.ecosystem;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;

/** What the integration tests share: where scratch servers go, and a check that one has stopped. */
final class ServerTesting {
    private ServerTesting() {
    }

    static Path folder(String name) {
        return Path.of(System.getProperty("servers.directory", "target/servers")).resolve(name).toAbsolutePath();
    }

    static void assertNothingListensOn(int port) {
        assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                "the server on port " + port + " was stopped");
    }
}
