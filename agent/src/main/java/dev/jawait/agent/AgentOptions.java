package dev.jawait.agent;

import dev.jawait.transform.OptionParser;
import dev.jawait.transform.Options;
import dev.jawait.transform.TransformOptions;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The agent's options, given after {@code =} as a comma-separated list of {@code name} or {@code name=value}:
 * {@code -javaagent:jawait-agent.jar=verbose,dump=/tmp/jawait,includes=com.example.**}. The names, values and
 * patterns are those of every front end ({@link dev.jawait.transform.Option}); this class only splits the text and
 * keeps the JDK and the agent itself out of reach.
 */
final class AgentOptions {
    final boolean verbose;
    final boolean debug;
    final Path dumpDirectory;
    final TransformOptions transformOptions;
    /** Deprecated spellings that were accepted, one line each. */
    final List<String> warnings;
    private final Options options;

    private AgentOptions(Options options) {
        this.options = options;
        this.verbose = options.verbose();
        this.debug = options.debug();
        this.dumpDirectory = options.dumpDirectory() == null ? null : Paths.get(options.dumpDirectory());
        // No build writes the agent's frame classes as files: see withLoadTimeFrameNames.
        this.transformOptions = options.transformOptions().withLoadTimeFrameNames(true);
        this.warnings = options.warnings();
    }

    /** @throws IllegalArgumentException (an {@link dev.jawait.transform.OptionException}) for a bad option */
    static AgentOptions parse(String text) {
        OptionParser parser = OptionParser.forAgent();
        if (text != null && !text.isBlank()) {
            for (String option : text.split(",")) {
                int equals = option.indexOf('=');
                if (equals < 0) {
                    parser.set(option, null);
                } else {
                    parser.set(option.substring(0, equals), option.substring(equals + 1));
                }
            }
        }
        return new AgentOptions(parser.options());
    }

    /** Whether the class (binary name with dots) is to be looked at. */
    boolean accepts(String className) {
        if (className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("com.sun.") || className.startsWith("dev.jawait.agent.")) {
            return false;
        }
        return options.accepts(className);
    }
}
