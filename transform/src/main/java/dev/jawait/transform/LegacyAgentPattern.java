package dev.jawait.transform;

/**
 * The agent's first pattern spelling, where {@code *} matched any text, dots included ({@code com.example.*} meant
 * everything under {@code com.example}). Still read that way for a while, with a warning, so that no command line
 * changes meaning silently.
 *
 * <p>A pattern counts as old-style when it has a lone {@code *} (one not part of {@code **}) and nothing the old
 * spelling lacked: no {@code **}, no {@code ?} and no {@code /}. Old patterns never held those (a class name has no
 * {@code ?} or {@code /}, so such a pattern matched nothing), so a pattern with any of them is new-style. Its new
 * spelling turns each lone {@code *} into {@code **}, which matches exactly what the old one did; whoever means
 * "within one package" writes the pattern with slashes ({@code com/example/*}) to say so without a warning.
 */
final class LegacyAgentPattern {
    private LegacyAgentPattern() {
    }

    static boolean isOldStyle(String pattern) {
        // Without "**" in the pattern, every "*" in it is a lone one.
        return pattern.indexOf('*') >= 0 && !pattern.contains("**") && pattern.indexOf('?') < 0
                && pattern.indexOf('/') < 0;
    }

    /** The same classes in the new spelling: each lone {@code *} doubled. */
    static String newSpelling(String pattern) {
        return pattern.replace("*", "**");
    }

    /** One line: what is deprecated, and what to write instead. */
    static String warning(String pattern) {
        return "deprecated pattern '" + pattern + "': a single * now stays within a package; it is read the"
                + " old way (any text) for now, so write '" + newSpelling(pattern) + "' for the same classes, or '"
                + pattern.replace('.', '/') + "' for the new meaning";
    }
}
