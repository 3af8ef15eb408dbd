package dev.jawait.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads options by name and text value, the same way for every front end; each front end only splits its own
 * syntax into names and values ({@code a=b,c} for the agent, {@code --a=b} for the command line, Maven's
 * parameters). A bad value throws an {@link OptionException}; nothing is half-applied, since the options are only
 * used once {@link #options()} returns.
 */
public final class OptionParser {
    private final boolean agent;
    private final List<ClassPattern> includes = new ArrayList<>();
    private final List<ClassPattern> excludes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private TransformOptions transformOptions = TransformOptions.defaults();
    private boolean verbose;
    private boolean debug;
    private String dumpDirectory;

    private OptionParser(boolean agent) {
        this.agent = agent;
    }

    /** The agent's parser: takes the agent-only options, and reads its old pattern spelling (with a warning). */
    public static OptionParser forAgent() {
        return new OptionParser(true);
    }

    /** The parser of the command line and the Maven plugin, which rewrite files ahead of time. */
    public static OptionParser forBuild() {
        return new OptionParser(false);
    }

    /** @param value the text after {@code =}, or null if there was none */
    public OptionParser set(String name, String value) {
        Option option = Option.byId(name.trim());
        if (option == null) {
            throw OptionException.unknown(name.trim());
        }
        return set(option, value);
    }

    /** Patterns and blocking calls add up over calls; levels and switches take the last value. */
    public OptionParser set(Option option, String value) {
        if (option.agentOnly() && !agent) {
            throw new OptionException(option, "only the agent takes this option");
        }
        String text = value == null ? "" : value.trim();
        switch (option) {
            case INCLUDES:
                addPatterns(option, text, includes);
                break;
            case EXCLUDES:
                addPatterns(option, text, excludes);
                break;
            case NEVER_AWAITED:
            case BLOCKING_CALL:
            case CANCELLATION_CAUGHT: // a check's option has the check's id
                transformOptions = transformOptions.withLevel(Check.byId(option.id()), Check.Level.parse(option, text));
                break;
            case BLOCKING_CALLS:
                for (String call : text.split(":", -1)) {
                    if (call.trim().indexOf('#') <= 0) {
                        throw new OptionException(option, "'" + call.trim() + "' is not owner#method");
                    }
                    transformOptions = transformOptions.withBlockingCall(call.trim(),
                            "use an async API, or Tasks.toThread(...)");
                }
                break;
            case VERBOSE:
                verbose = isOn(option, text);
                break;
            case DEBUG:
                debug = isOn(option, text);
                break;
            case DUMP:
                if (text.isEmpty()) {
                    throw new OptionException(option, "no folder given");
                }
                dumpDirectory = text;
                break;
            default:
                throw new AssertionError(option);
        }
        return this;
    }

    public Options options() {
        return new Options(includes, excludes, transformOptions, verbose, debug, dumpDirectory, warnings);
    }

    private void addPatterns(Option option, String text, List<ClassPattern> patterns) {
        // -1: "a::b" and "a:" keep their empty pattern, to be refused rather than silently dropped.
        for (String pattern : text.split(":", -1)) {
            String trimmed = pattern.trim();
            if (trimmed.isEmpty()) {
                throw new OptionException(option, "empty pattern in '" + text + "'");
            }
            if (agent && LegacyAgentPattern.isOldStyle(trimmed)) {
                warnings.add(LegacyAgentPattern.warning(trimmed));
                trimmed = LegacyAgentPattern.newSpelling(trimmed);
            }
            patterns.add(ClassPattern.compile(trimmed));
        }
    }

    /** A switch: given alone, or {@code true}/{@code false} (Maven's and scripts' habit). */
    private static boolean isOn(Option option, String text) {
        if (text.isEmpty() || text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new OptionException(option, "'" + text + "' is not a value it takes (true or false, or none)");
    }
}
