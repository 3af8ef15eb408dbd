package dev.jawait.benchmarks.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes the jar that {@code -javaagent:} needs for {@link NoOpAgent}: a manifest only. The JVM appends an agent jar
 * to the class path, and the class itself is already on it (benchmarks.jar).
 */
final class NoOpAgentJar {
    private NoOpAgentJar() {
    }

    static Path write() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), NoOpAgent.class.getName());
        Path jar = Files.createTempFile("no-op-agent", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.flush();
        }
        return jar;
    }
}
