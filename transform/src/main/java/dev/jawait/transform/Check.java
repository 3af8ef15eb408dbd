package dev.jawait.transform;

/** The build-time checks of async code, each set to {@link Level#ERROR}, {@link Level#WARNING} or {@link Level#OFF}. */
public enum Check {
    /** A future returned by a call inside an async method is dropped: not awaited, stored or returned. */
    NEVER_AWAITED("never-awaited"),
    /** A call that blocks its thread (sleep, join, get, blocking I/O) inside an async method. */
    BLOCKING_CALL("blocking-call");

    /** How a check's findings are reported. */
    public enum Level {
        /** A diagnostic of severity ERROR: fails a build with {@code failOnError}; the method is still rewritten. */
        ERROR,
        WARNING,
        OFF
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
        throw new IllegalArgumentException("unknown jawait check '" + id + "'; known: never-awaited, blocking-call");
    }
}
