package dev.jawait.transform;

import java.util.List;
import java.util.function.Predicate;

/** Options read by an {@link OptionParser}: which classes to look at, how strict the checks are, what to print. */
public final class Options {
    private final List<ClassPattern> includes;
    private final List<ClassPattern> excludes;
    private final TransformOptions transformOptions;
    private final boolean verbose;
    private final boolean debug;
    private final String dumpDirectory;
    private final List<String> warnings;

    Options(List<ClassPattern> includes, List<ClassPattern> excludes, TransformOptions transformOptions,
            boolean verbose, boolean debug, String dumpDirectory, List<String> warnings) {
        this.includes = List.copyOf(includes);
        this.excludes = List.copyOf(excludes);
        this.transformOptions = transformOptions;
        this.verbose = verbose;
        this.debug = debug;
        this.dumpDirectory = dumpDirectory;
        this.warnings = List.copyOf(warnings);
    }

    /** Whether the class (binary or internal name) is included (or no includes were given) and not excluded. */
    public boolean accepts(String className) {
        return (includes.isEmpty() || includes.stream().anyMatch(p -> p.matches(className)))
                && excludes.stream().noneMatch(p -> p.matches(className));
    }

    /** {@link #accepts} as the filter an {@link Instrumenter} takes. */
    public Predicate<String> classFilter() {
        return this::accepts;
    }

    public TransformOptions transformOptions() {
        return transformOptions;
    }

    public boolean verbose() {
        return verbose;
    }

    /** The agent's {@code debug}: the runtime's debug mode. */
    public boolean debug() {
        return debug;
    }

    /** The agent's {@code dump} folder, or null. */
    public String dumpDirectory() {
        return dumpDirectory;
    }

    /** One line each, to be shown as warnings: deprecated spellings that were accepted. */
    public List<String> warnings() {
        return warnings;
    }
}
