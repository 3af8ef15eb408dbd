package dev.jawait.transform;

/**
 * A bad option, with the one message every front end shows after its own prefix ({@code [jawait] ERROR} for the
 * agent, {@code jawait:} for the command line and the Maven plugin): the agent as its single failure line, the
 * command line before exiting with status 2, the Maven plugin as the build's failure.
 */
public final class OptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A bad value: names the option and what it accepts. */
    public OptionException(Option option, String problem) {
        super("option " + option.id() + ": " + problem + "; accepted: " + option.usage());
    }

    private OptionException(String message) {
        super(message);
    }

    /** An option no front end knows: lists the known ones. */
    public static OptionException unknown(String name) {
        return new OptionException("unknown option '" + name + "'; known options: " + Option.known());
    }
}
