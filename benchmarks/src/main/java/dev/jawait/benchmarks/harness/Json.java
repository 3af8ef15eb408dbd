package dev.jawait.benchmarks.harness;

import java.util.Locale;

/** One flat JSON object per line, the harnesses' output that benchmarks/report.py reads. */
final class Json {
    private Json() {
    }

    /** {@code keysAndValues}: name, value, name, value...; numbers stay numbers, anything else becomes a string. */
    static String object(Object... keysAndValues) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(quote(keysAndValues[i].toString())).append(": ");
            Object value = keysAndValues[i + 1];
            if (value instanceof Double || value instanceof Float) {
                out.append(String.format(Locale.ROOT, "%.2f", ((Number) value).doubleValue()));
            } else if (value instanceof Number) {
                out.append(value);
            } else if (value instanceof long[]) {
                out.append(java.util.Arrays.toString((long[]) value));
            } else {
                out.append(quote(String.valueOf(value)));
            }
        }
        return out.append('}').toString();
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
