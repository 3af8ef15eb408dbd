package dev.jawait.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Where a rewritten method is: its class, name, source file, and the line of each await (label 1 first), parsed
 * once per method from the constant {@code class|method|file|line,line,...} that the rewritten code passes to its
 * frames. Only failures and debug mode read it.
 */
final class Site {
    /**
     * Weak keys: the encoded site is a string constant of the rewritten class, alive as long as the class is, so an
     * unloaded class (a redeployed application, generated code) takes its entry with it.
     */
    private static final Map<String, Site> PARSED = Collections.synchronizedMap(new WeakHashMap<>());

    final String className;
    final String method;
    final String file;
    private final int[] lines;

    private Site(String encoded) {
        String[] parts = encoded.split("\\|", 4);
        className = parts[0];
        method = parts[1];
        file = parts[2].isEmpty() ? null : parts[2];
        String[] numbers = parts[3].isEmpty() ? new String[0] : parts[3].split(",");
        lines = new int[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            lines[i] = Integer.parseInt(numbers[i]);
        }
    }

    static Site of(String encoded) {
        return PARSED.computeIfAbsent(encoded, Site::new);
    }

    /** The line of the await with {@code label}, or -1. */
    int line(int label) {
        return label >= 1 && label <= lines.length ? lines[label - 1] : -1;
    }

    /** {@code class.method (File.java:line)} for the await with {@code label}; without the line for -1. */
    String describe(int label) {
        int line = line(label);
        return className + "." + method + (line > 0 ? " (" + file + ":" + line + ")" : "");
    }
}
