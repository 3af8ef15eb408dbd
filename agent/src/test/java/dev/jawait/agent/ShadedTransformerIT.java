package dev.jawait.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.transform.Transformer;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * The agent jar carries this build's transformer, relocated, and nothing older. A build without {@code clean} once
 * shaded the previous build's shaded jar over the new transformer classes (the first copy of a class wins), and the
 * agent then rewrote classes in a format the rest of the build no longer wrote: nothing failed until a rewritten
 * class met a frame class file from the plugin. Each shaded class, its names put back, must read as the transformer's
 * class compiled now, instruction for instruction.
 */
class ShadedTransformerIT {
    private static final String SHADED = "dev/jawait/agent/shaded/transform/";
    private static final String ORIGINAL = "dev/jawait/transform/";

    @Test
    void theAgentJarCarriesThisBuildsTransformerClassForClass() throws IOException, URISyntaxException {
        String agentJar = System.getProperty("jawait.agent.jar");
        assertTrue(agentJar != null && new File(agentJar).isFile(), "agent jar: " + agentJar);
        Map<String, String> shaded = new TreeMap<>();
        classesIn(new File(agentJar), SHADED).forEach((name, text) -> shaded.put(
                ORIGINAL + name.substring(SHADED.length()), unshaded(text)));

        Map<String, String> built = new TreeMap<>();
        Path location = Paths.get(Transformer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    built.put(location.relativize(file).toString().replace(File.separatorChar, '/'),
                            text(Files.readAllBytes(file)));
                }
            }
        } else {
            built.putAll(classesIn(location.toFile(), ORIGINAL));
        }

        assertTrue(built.size() > 40, "the transformer's classes, from " + location + ": " + built.keySet());
        assertEquals(built.keySet(), shaded.keySet(), "classes in " + agentJar + " against " + location);
        for (Map.Entry<String, String> original : built.entrySet()) {
            assertEquals(original.getValue(), shaded.get(original.getKey()), original.getKey() + " in " + agentJar
                    + " is not the one built at " + location + ": a stale agent jar (build with clean)");
        }
    }

    /** The text of each class file in {@code jar} under {@code folder}, by entry name. */
    private static Map<String, String> classesIn(File jar, String folder) throws IOException {
        Map<String, String> classes = new TreeMap<>();
        try (JarFile file = new JarFile(jar)) {
            for (JarEntry entry : Collections.list(file.entries())) {
                if (entry.getName().startsWith(folder) && entry.getName().endsWith(".class")) {
                    try (var in = file.getInputStream(entry)) {
                        classes.put(entry.getName(), text(in.readAllBytes()));
                    }
                }
            }
        }
        return classes;
    }

    private static String text(byte[] classFile) {
        StringWriter text = new StringWriter();
        new ClassReader(classFile).accept(new TraceClassVisitor(new PrintWriter(text)), 0);
        return text.toString();
    }

    /** The relocated names (internal, dotted, and in descriptors) put back. */
    private static String unshaded(String text) {
        return text.replace("dev/jawait/agent/shaded/transform/", ORIGINAL)
                .replace("dev.jawait.agent.shaded.transform.", "dev.jawait.transform.")
                .replace("dev/jawait/agent/shaded/asm/", "org/objectweb/asm/")
                .replace("dev.jawait.agent.shaded.asm.", "org.objectweb.asm.");
    }
}
