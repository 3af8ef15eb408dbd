package dev.jawait.transform;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The build-time checks of async code, each set to {@link Level#ERROR}, {@link Level#WARNING} or {@link Level#OFF}. */
public enum Check {
    /** A future returned by a call inside an async method is dropped: not awaited, stored or returned. */
    NEVER_AWAITED("never-awaited"),
    /** A call that blocks its thread (sleep, join, get, blocking I/O) inside an async method. */
    BLOCKING_CALL("blocking-call"),
    /**
     * An await in a {@code try} whose {@code catch (IllegalStateException)} also catches the task's cancellation:
     * {@code CancellationException} is a subclass of it.
     */
    CANCELLATION_CAUGHT("cancellation-caught");

    /** How a check's findings are reported. */
    public enum Level {
        /** A diagnostic of severity ERROR: fails a build with {@code failOnError}; the method is still rewritten. */
        ERROR,
        WARNING,
        OFF;

        /** The one reader of check levels for every front end: {@code error}, {@code warning} or {@code off}. */
        public static Level parse(Option option, String value) {
            for (Level level : values()) {
                if (level.name().equalsIgnoreCase(value.trim())) {
                    return level;
                }
            }
            throw new OptionException(option, "'" + value + "' is not a check level");
        }

        /** {@code error|warning|off}, for help texts. */
        static String syntax() {
            StringBuilder syntax = new StringBuilder();
            for (Level level : values()) {
                syntax.append(syntax.length() == 0 ? "" : "|").append(level.name().toLowerCase(Locale.ROOT));
            }
            return syntax.toString();
        }
    }

    private final String id;

    Check(String id) {
        this.id = id;
    }

    /** The name used in options, in {@code @SuppressChecks} and in messages, such as {@code blocking-call}. */
    public String id() {
        return id;
    }

    public static Check byId(String id) {
        for (Check check : values()) {
            if (check.id.equals(id)) {
                return check;
            }
        }
        throw new IllegalArgumentException("unknown jawait check '" + id + "'; known: "
                + Arrays.stream(values()).map(Check::id).collect(Collectors.joining(", ")));
    }
}
