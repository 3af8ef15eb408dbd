package dev.jawait.benchmarks.anatomy;

import dev.jawait.transform.internal.ConstantPoolScan;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Diagnosis of scenario 5: the agent's pre-scan as it is ({@link ConstantPoolScan#mentionsJawait}, a byte-at-a-time
 * search) against the proposed skipping search, over every class of a jar, cold (a fresh JVM per variant, as at an
 * application's start) and warm. Both must agree on every class:
 * {@code java -cp benchmarks.jar dev.jawait.benchmarks.anatomy.ScanAnatomy guava.jar current|skipping 10}.
 */
public final class ScanAnatomy {
    private static final byte[] NEEDLE = "dev/jawait/A".getBytes(StandardCharsets.US_ASCII);
    private static final int[] SHIFT = shiftTable(NEEDLE);

    private ScanAnatomy() {
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
        boolean skipping = args[1].equals("skipping");
        int passes = Integer.parseInt(args[2]);
        long[] micros = new long[passes];
        int found = 0;
        for (int pass = 0; pass < passes; pass++) {
            long start = System.nanoTime();
            found = 0;
            for (byte[] bytes : classes) {
                if (skipping ? contains(bytes) : ConstantPoolScan.mentionsJawait(bytes)) {
                    found++;
                }
            }
            micros[pass] = (System.nanoTime() - start) / 1000;
        }
        long[] warm = java.util.Arrays.copyOfRange(micros, 1, passes);
        java.util.Arrays.sort(warm);
        System.out.printf("%s: %d classes, %d mention jawait; cold pass %.1f ms, warm median %.2f ms%n", args[1],
                classes.size(), found, micros[0] / 1000.0, warm[warm.length / 2] / 1000.0);
    }

    /** Horspool: compares from the needle's end and skips by the table, reading about one byte in its length. */
    static boolean contains(byte[] haystack) {
        int last = NEEDLE.length - 1;
        for (int i = last; i < haystack.length; i += SHIFT[haystack[i] & 0xFF]) {
            int j = 0;
            while (j <= last && haystack[i - j] == NEEDLE[last - j]) {
                j++;
            }
            if (j > last) {
                return true;
            }
        }
        return false;
    }

    private static int[] shiftTable(byte[] needle) {
        int[] shift = new int[256];
        java.util.Arrays.fill(shift, needle.length);
        for (int i = 0; i < needle.length - 1; i++) {
            shift[needle[i] & 0xFF] = needle.length - 1 - i;
        }
        return shift;
    }
}
