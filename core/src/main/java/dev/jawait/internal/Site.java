package dev.jawait.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Where a rewritten method is: its class, name, source file, the line of each await (label 1 first), and the source
 * variables each await keeps in the frame, parsed once per method from the constant {@code
 * class|method|file|line,line,...|variables} that the rewritten code passes to its frames (classes rewritten before
 * jawait recorded variables lack the last part). Only failures and debug mode read it.
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
    /** Per await (label 1 first), its kept variables; see {@link Variable}. */
    private final Variable[][] variables;

    /**
     * One source variable kept at an await: its name, its type's descriptor character, and the number of the frame
     * field holding it ({@link CallFrame#spilledValue}).
     */
    private static final class Variable {
        final String name;
        final char sort;
        final int field;

        Variable(String encoded) {
            String[] parts = encoded.split(":");
            name = parts[0];
            sort = parts[1].charAt(0);
            field = Integer.parseInt(parts[2]);
        }

        /** Its value in {@code frame}: a float or a double from its raw bits, a boolean or a char from its int. */
        String render(CallFrame frame) {
            Object raw = frame.spilledValue(field);
            if (raw == null && sort != 'L') {
                return "?"; // a frame class that does not match this site: nothing to read
            }
            switch (sort) {
                case 'F':
                    return String.valueOf(Float.intBitsToFloat((Integer) raw));
                case 'D':
                    return String.valueOf(Double.longBitsToDouble((Long) raw));
                case 'Z':
                    return String.valueOf((Integer) raw != 0);
                case 'C':
                    return "'" + (char) (int) (Integer) raw + "'";
                case 'L':
                    return describe(raw);
                default:
                    return String.valueOf(raw);
            }
        }

        /** A reference's {@code toString}, cut short; the dump must not fail on the value of a user's variable. */
        private static String describe(Object value) {
            if (value == null) {
                return "null";
            }
            String text;
            try {
                text = value instanceof String ? '"' + (String) value + '"' : String.valueOf(value);
            } catch (Exception | StackOverflowError e) { // a checked one too, thrown sneakily
                return "(" + value.getClass().getName() + ", toString threw " + e + ")";
            }
            return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS) + "...";
        }
    }

    private static final int MAX_VALUE_CHARS = 80;

    /** A value's {@code toString} for the dump, cut short, and never throwing. */
    static String describeValue(Object value) {
        return Variable.describe(value);
    }

    private Site(String encoded) {
        String[] parts = encoded.split("\\|", 5);
        className = parts[0];
        method = parts[1];
        file = parts[2].isEmpty() ? null : parts[2];
        String[] numbers = parts[3].isEmpty() ? new String[0] : parts[3].split(",");
        lines = new int[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            lines[i] = Integer.parseInt(numbers[i]);
        }
        variables = new Variable[lines.length][];
        String[] perAwait = parts.length < 5 ? new String[0] : parts[4].split(";", -1);
        for (int i = 0; i < variables.length; i++) {
            String kept = i < perAwait.length ? perAwait[i] : "";
            String[] entries = kept.isEmpty() ? new String[0] : kept.split(",");
            variables[i] = new Variable[entries.length];
            for (int j = 0; j < entries.length; j++) {
                variables[i][j] = new Variable(entries[j]);
            }
        }
    }

    static Site of(String encoded) {
        return PARSED.computeIfAbsent(encoded, Site::new);
    }

    /** The line of the await with {@code label}, or -1. */
    int line(int label) {
        return label >= 1 && label <= lines.length ? lines[label - 1] : -1;
    }

    /** The variables {@code frame} keeps at the await with {@code label}, as {@code name = value, ...}. */
    String variables(int label, CallFrame frame) {
        if (label < 1 || label > variables.length) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (Variable variable : variables[label - 1]) {
            out.append(out.length() == 0 ? "" : ", ").append(variable.name).append(" = ")
                    .append(variable.render(frame));
        }
        return out.toString();
    }

    /** {@code class.method (File.java:line)} for the await with {@code label}; without the line for -1. */
    String describe(int label) {
        int line = line(label);
        return className + "." + method + (line > 0 ? " (" + file + ":" + line + ")" : "");
    }
}
