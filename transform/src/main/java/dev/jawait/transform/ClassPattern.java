package dev.jawait.transform;

import java.util.regex.Pattern;

/**
 * A class-name pattern of the one option language: {@code *} matches any text within a package, {@code **} any
 * text across packages, {@code ?} one character that is not a package separator. Dots and slashes both separate
 * packages, in the pattern and in the name ({@code com.example.**} and {@code com/example/**} are the same), so that
 * a pattern reads the same to the agent (dotted names), the Maven plugin and the command line (paths). JaCoCo's
 * {@code WildcardMatcher} is the model; the difference is {@code *}, which Maven and Ant users expect to stay within
 * a package.
 */
public final class ClassPattern {
    private final String text;
    private final Pattern regex;

    private ClassPattern(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    /** @throws IllegalArgumentException if the pattern is empty: it would match nothing, surely a mistake */
    public static ClassPattern compile(String pattern) {
        String slashed = pattern.trim().replace('.', '/');
        if (slashed.isEmpty()) {
            throw new IllegalArgumentException("empty class-name pattern");
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < slashed.length(); i++) {
            char c = slashed.charAt(i);
            if (c == '*' && i + 1 < slashed.length() && slashed.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new ClassPattern(pattern.trim(), Pattern.compile(regex.toString()));
    }

    /** Whether the class, by binary ({@code com.example.Shop$Cart}) or internal name, matches. */
    public boolean matches(String className) {
        return regex.matcher(className.replace('.', '/')).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
