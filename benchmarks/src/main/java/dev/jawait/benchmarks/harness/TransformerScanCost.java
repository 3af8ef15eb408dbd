package dev.jawait.benchmarks.harness;

import dev.jawait.transform.ClassHierarchy;
import dev.jawait.transform.TransformResult;
import dev.jawait.transform.Transformer;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Scenario 5a, jawait's own share: the time the agent's {@link Transformer} spends deciding that the classes of a jar
 * that does not use jawait need nothing, in this JVM, without the JVM's cost of calling an agent. The first pass is
 * cold (as at an application's start, when the agent's code is interpreted); the next ones are warm:
 * {@code java -cp benchmarks.jar dev.jawait.benchmarks.harness.TransformerScanCost guava.jar 10}.
 */
public final class TransformerScanCost {
    private TransformerScanCost() {
    }

    public static void main(String[] args) throws Exception {
        List<byte[]> classes = new ArrayList<>();
        try (JarFile jar = new JarFile(args[0])) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        classes.add(in.readAllBytes());
                    }
                }
            }
        }
        int passes = Integer.parseInt(args[1]);
        Transformer transformer = new Transformer(ClassHierarchy.of(ClassLoader.getSystemClassLoader()));
        long[] passMicros = new long[passes];
        for (int pass = 0; pass < passes; pass++) {
            long start = System.nanoTime();
            for (byte[] bytes : classes) {
                TransformResult result = transformer.transform(bytes);
                if (result.changed()) {
                    throw new AssertionError("a class of " + args[0] + " was rewritten");
                }
            }
            passMicros[pass] = (System.nanoTime() - start) / 1000;
        }
        long[] warm = Arrays.copyOfRange(passMicros, 1, passes);
        Arrays.sort(warm);
        System.out.println(Json.object("scenario", "transformer-scan-cost", "classes", classes.size(),
                "coldPassMicros", passMicros[0], "warmPassMicrosMedian", warm[warm.length / 2],
                "coldMicrosPerClass", (double) passMicros[0] / classes.size(),
                "warmMicrosPerClass", (double) warm[warm.length / 2] / classes.size(),
                "jvm", Runtime.version().toString()));
    }
}
