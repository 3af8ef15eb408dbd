package dev.jawait.transform;

import java.util.Locale;

/** A problem the transformer found in a class, located by class, method and source line. */
public final class Diagnostic {
    /**
     * ERROR: a misuse (the method was left as it was and fails when it runs) or a check set to error (the method was
     * rewritten); both fail a build. WARNING: a check's finding, for the log.
     */
    public enum Severity { ERROR, WARNING }

    private final Severity severity;
    private final String className;
    private final String methodName;
    private final String sourceFile;
    private final int line;
    private final String message;
    private final Check check;

    public Diagnostic(Severity severity, String internalClassName, String methodName, String sourceFile, int line,
            String message) {
        this(severity, internalClassName, methodName, sourceFile, line, message, null);
    }

    /** A finding of {@code check}; null for a misuse, which no check level can turn off. */
    public Diagnostic(Severity severity, String internalClassName, String methodName, String sourceFile, int line,
            String message, Check check) {
        this.check = check;
        this.severity = severity;
        this.className = internalClassName.replace('/', '.');
        this.methodName = methodName;
        this.sourceFile = sourceFile;
        this.line = line;
        this.message = message;
    }

    public Severity severity() {
        return severity;
    }

    /** Binary name of the class, such as {@code com.example.Shop$Cart}. */
    public String className() {
        return className;
    }

    public String methodName() {
        return methodName;
    }

    /** The source file name from the class file, such as {@code Shop.java}; null if the class has none. */
    public String sourceFile() {
        return sourceFile;
    }

    /** The source line, or -1 if the class file has no line numbers. */
    public int line() {
        return line;
    }

    public String message() {
        return message;
    }

    /** The check that found this, or null for a misuse. */
    public Check check() {
        return check;
    }

    /** The source file's path under a source root, from the package of the class ({@code com/example/Shop.java}). */
    public String sourcePath() {
        int lastDot = className.lastIndexOf('.');
        String directory = lastDot < 0 ? "" : className.substring(0, lastDot).replace('.', '/') + "/";
        String file = sourceFile != null ? sourceFile : simpleOuterName() + ".java";
        return directory + file;
    }

    private String simpleOuterName() {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int dollar = simple.indexOf('$');
        return dollar > 0 ? simple.substring(0, dollar) : simple;
    }

    /**
     * The one form every front end prints, {@code path/to/Source.java:[12] warning: message}: the path and line as
     * IDEs and CI tools link them, then the severity, since the agent's and the command line's output has no other.
     *
     * @param path the source file as the front end can name it: absolute where the Maven plugin finds the source
     *     root, else {@link #sourcePath()}
     */
    public String format(String path) {
        return path + ":[" + (line > 0 ? line : 1) + "] " + severity.name().toLowerCase(Locale.ROOT) + ": "
                + message;
    }

    /** {@link #format(String)} with {@link #sourcePath()}. */
    public String format() {
        return format(sourcePath());
    }

    /** {@code path/to/Source.java:[line] message}, without the severity. */
    @Override
    public String toString() {
        return sourcePath() + ":[" + (line > 0 ? line : 1) + "] " + message;
    }
}
