package dev.jawait.transform;

import dev.jawait.testing.AsyncFixture;
import dev.jawait.testing.FixtureCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of the fixture sources under {@code src/test/resources/fixtures}: each method preceded by a
 * {@code // expect: outcome} comment is called rewritten and as javac compiled it (awaits blocking), at every
 * {@code --release} the fixture allows, and both must give the expected outcome.
 */
class FixtureSuiteTest {
    /** Fixture file, and the oldest release its source compiles at. */
    private static final Map<String, Integer> FIXTURES = Map.of(
            "Sequences", 8,
            "Expressions", 8,
            "Loops", 8,
            "Switches", 8,
            "Exceptions", 8,
            "Methods", 8,
            "Modern", 17,
            "Patterns", 21,
            "Resources", 8,
            "EaAsyncCases", 8);
    private static final int[] RELEASES = {8, 11, 17, 21, 25};
    private static final Pattern CASE = Pattern.compile("// expect: (.*)\\R(?:\\s*@.*\\R)*[^(]*\\s(\\w+)\\(");
    private static final String EXPECT = "// expect: ";
    private static final Map<String, AsyncFixture> COMPILED = new ConcurrentHashMap<>();

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (Map.Entry<String, Integer> fixture : FIXTURES.entrySet()) {
            String source = source(fixture.getKey());
            Matcher matcher = CASE.matcher(source);
            int found = 0;
            while (matcher.find()) {
                found++;
                for (int release : RELEASES) {
                    for (FixtureCompiler.Kind compiler : FixtureCompiler.Kind.values()) {
                        if (release >= fixture.getValue()) {
                            cases.add(Arguments.of(fixture.getKey(), release, compiler, matcher.group(2),
                                    matcher.group(1)));
                        }
                    }
                }
            }
            // A case the pattern does not read (an annotation it does not expect, say) would drop out unnoticed.
            int marked = source.split(EXPECT, -1).length - 1;
            if (found != marked) {
                throw new IllegalStateException(fixture.getKey() + ".java has " + marked + " '" + EXPECT.trim()
                        + "' comments, of which the fixture suite reads " + found);
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}.{3} at --release {1} by {2}")
    @MethodSource("cases")
    void caseGivesItsExpectedOutcome(String fixture, int release, FixtureCompiler.Kind compiler, String method,
            String expected) {
        Assumptions.assumeTrue(Runtime.version().feature() >= release,
                "--release " + release + " needs JDK " + release + " or newer; the JDK 25 run covers it");
        AsyncFixture compiled = COMPILED.computeIfAbsent(fixture + "@" + release + "/" + compiler,
                key -> AsyncFixture.clean("fx." + fixture, sourceUnchecked(fixture), release, compiler));
        compiled.assertOutcome(method, expected);
    }

    private static String sourceUnchecked(String fixture) {
        try {
            return source(fixture);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String source(String fixture) throws IOException {
        try (InputStream in = FixtureSuiteTest.class.getResourceAsStream("/fixtures/" + fixture + ".java")) {
            if (in == null) {
                throw new IOException("no fixture " + fixture);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
