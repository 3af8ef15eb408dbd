package dev.jawait.transform;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The one list of options, shared by the agent ({@code name=value,...}), the command line ({@code --name=value})
 * and the Maven plugin ({@code <camelCaseName>}); help and error texts are built from it, so they cannot drift.
 */
public enum Option {
    INCLUDES("includes", "PATTERN[:PATTERN...]",
            "classes to look at (default: all); * within a package, ** across packages, ? one character"),
    EXCLUDES("excludes", "PATTERN[:PATTERN...]", "classes not to look at, in the same form as includes"),
    NEVER_AWAITED(Check.NEVER_AWAITED.id(), Check.Level.syntax(), "futures dropped in async code (default: warning)"),
    BLOCKING_CALL(Check.BLOCKING_CALL.id(), Check.Level.syntax(),
            "calls that block the thread in async code (default: warning)"),
    CANCELLATION_CAUGHT(Check.CANCELLATION_CAUGHT.id(), Check.Level.syntax(),
            "awaits in a try that catches IllegalStateException, and with it a cancellation (default: warning)"),
    BLOCKING_CALLS("blocking-calls", "OWNER#METHOD[:OWNER#METHOD...]",
            "more calls that count as blocking, such as com.example.Db#query"),
    VERBOSE("verbose", null, "print each rewritten method"),
    DEBUG("debug", null, "the runtime's debug mode (agent only)"),
    DUMP("dump", "DIR", "write each rewritten class before (DIR/before) and after (DIR/after) (agent only)");

    private final String id;
    private final String valueSyntax;
    private final String description;

    Option(String id, String valueSyntax, String description) {
        this.id = id;
        this.valueSyntax = valueSyntax;
        this.description = description;
    }

    /** The name of the agent and the command line, such as {@code never-awaited}. */
    public String id() {
        return id;
    }

    /** The Maven plugin's parameter, such as {@code neverAwaited} (Maven parameters are Java identifiers). */
    public String mavenName() {
        StringBuilder name = new StringBuilder();
        for (String part : id.split("-")) {
            name.append(name.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return name.toString();
    }

    /** What the value looks like, such as {@code error|warning|off}; null for a switch that takes no value. */
    public String valueSyntax() {
        return valueSyntax;
    }

    public String description() {
        return description;
    }

    /** Only the agent acts on it: the others rewrite files ahead of time, with no runtime to configure. */
    public boolean agentOnly() {
        return this == DEBUG || this == DUMP;
    }

    /** {@code never-awaited=error|warning|off}, or {@code verbose} for a switch. */
    public String usage() {
        return valueSyntax == null ? id : id + "=" + valueSyntax;
    }

    /** @return null if no option has this name */
    public static Option byId(String id) {
        for (Option option : values()) {
            if (option.id.equals(id)) {
                return option;
            }
        }
        return null;
    }

    /** The known options, as {@code includes=PATTERN[:PATTERN...], ..., dump=DIR (agent only)}. */
    public static String known() {
        return Arrays.stream(values()).map(o -> o.usage() + (o.agentOnly() ? " (agent only)" : ""))
                .collect(Collectors.joining(", "));
    }
}
