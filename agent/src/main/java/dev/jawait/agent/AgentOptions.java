package dev.jawait.agent;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's options, given after {@code =} as a comma-separated list:
 * {@code -javaagent:jawait-agent.jar=verbose,dump=/tmp/jawait,includes=com.example.*}.
 * <ul>
 *   <li>{@code verbose}: print each rewritten method;
 *   <li>{@code debug}: the runtime's debug mode (slow steps, unread failures, {@code Tasks.dump()});
 *   <li>{@code dump=DIR}: write each rewritten class before ({@code DIR/before}) and after ({@code DIR/after});
 *   <li>{@code includes=P:P...} / {@code excludes=P:P...}: class name patterns ({@code *} matches any text) that
 *       limit which classes are looked at (default: all but the JDK's);
 *   <li>{@code never-awaited=LEVEL}, {@code blocking-call=LEVEL}: {@code error}, {@code warning} (default) or
 *       {@code off}, for the checks of async code; {@code blocking-calls=owner#method:owner#method} adds calls.
 * </ul>
 */
final class AgentOptions {
    final boolean verbose;
    final Path dumpDirectory;
    final List<String> includes;
    final List<String> excludes;
    final dev.jawait.transform.TransformOptions transformOptions;

    private AgentOptions(boolean verbose, Path dumpDirectory, List<String> includes, List<String> excludes,
            dev.jawait.transform.TransformOptions transformOptions) {
        this.verbose = verbose;
        this.dumpDirectory = dumpDirectory;
        this.includes = includes;
        this.excludes = excludes;
        this.transformOptions = transformOptions;
    }

    static AgentOptions parse(String text) {
        boolean verbose = false;
        Path dump = null;
        List<String> includes = new ArrayList<>();
        List<String> excludes = new ArrayList<>();
        dev.jawait.transform.TransformOptions checks = dev.jawait.transform.TransformOptions.defaults();
        if (text != null && !text.isBlank()) {
            for (String option : text.split(",")) {
                String name = option.trim();
                String value = "";
                int equals = name.indexOf('=');
                if (equals >= 0) {
                    value = name.substring(equals + 1);
                    name = name.substring(0, equals);
                }
                switch (name) {
                    case "verbose":
                        verbose = true;
                        break;
                    case "debug":
                        // Read once when the runtime starts: set before any application class runs.
                        System.setProperty("jawait.debug", "true");
                        break;
                    case "dump":
                        dump = Paths.get(value);
                        break;
                    case "includes":
                        includes.addAll(List.of(value.split(":")));
                        break;
                    case "excludes":
                        excludes.addAll(List.of(value.split(":")));
                        break;
                    case "never-awaited":
                    case "blocking-call":
                        checks = checks.withLevel(dev.jawait.transform.Check.byId(name), level(name, value));
                        break;
                    case "blocking-calls":
                        for (String call : value.split(":")) {
                            checks = checks.withBlockingCall(call, "use an async API, or Tasks.toThread(...)");
                        }
                        break;
                    default:
                        throw new IllegalArgumentException("unknown jawait agent option '" + name
                                + "'; known: verbose, debug, dump=DIR, includes=PATTERNS, excludes=PATTERNS,"
                                + " never-awaited=LEVEL, blocking-call=LEVEL, blocking-calls=CALLS");
                }
            }
        }
        return new AgentOptions(verbose, dump, includes, excludes, checks);
    }

    private static dev.jawait.transform.Check.Level level(String check, String value) {
        try {
            return dev.jawait.transform.Check.Level.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jawait agent option " + check + " is error, warning or off, not '"
                    + value + "'");
        }
    }

    /** Whether the class (binary name with dots) is to be looked at. */
    boolean accepts(String className) {
        if (className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("com.sun.") || className.startsWith("dev.jawait.agent.")) {
            return false;
        }
        if (!includes.isEmpty() && includes.stream().noneMatch(p -> matches(p, className))) {
            return false;
        }
        return excludes.stream().noneMatch(p -> matches(p, className));
    }

    private static boolean matches(String pattern, String name) {
        String regex = ("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q");
        return name.matches(regex);
    }
}
