package dev.jawait.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.FixtureCompiler;
import java.nio.file.Paths;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The differential fuzzer, bounded for CI. Run more from any seed with
 * {@code mvn -pl core test -Dtest=DifferentialFuzzTest -Djawait.fuzz.programs=100000 -Djawait.fuzz.seed=1}.
 */
class DifferentialFuzzTest {
    private static final int PROGRAMS = Integer.getInteger("jawait.fuzz.programs", 1000);
    private static final long SEED = Long.getLong("jawait.fuzz.seed", 20261122L);

    /**
     * Runs again the programs named by {@code -Djawait.fuzz.replay=9855062-8-JAVAC,9853089-17-ECJ} (seed, release,
     * compiler: as a divergence's file in {@code target/fuzz-divergences} is named), instead of a fuzz run.
     */
    @Test
    @EnabledIfSystemProperty(named = "jawait.fuzz.replay", matches = ".+")
    void replaysTheNamedPrograms() {
        DifferentialFuzzer fuzzer = new DifferentialFuzzer(new int[] {8}, Paths.get("target", "fuzz-divergences"));
        for (String program : System.getProperty("jawait.fuzz.replay").split(",")) {
            String[] parts = program.trim().split("-");
            fuzzer.replay(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), FixtureCompiler.Kind.valueOf(parts[2]));
        }
        assertTrue(fuzzer.divergences().isEmpty(), () -> fuzzer.divergences().stream()
                .map(DifferentialFuzzer.Divergence::toString).collect(Collectors.joining("\n")));
    }

    @Test
    @DisabledIfSystemProperty(named = "jawait.fuzz.replay", matches = ".+")
    void rewrittenProgramsBehaveExactlyLikeBlockingOnes() throws Exception {
        int[] releases = IntStream.of(8, 11, 17, 21, 25).filter(r -> r <= Runtime.version().feature()).toArray();
        DifferentialFuzzer fuzzer = new DifferentialFuzzer(releases, Paths.get("target", "fuzz-divergences"));
        long start = System.nanoTime();
        fuzzer.run(SEED, PROGRAMS);
        System.out.printf("fuzz: %d programs from seed %d (releases %s) in %.1f s, %d divergent%n",
                fuzzer.programsRun(), SEED, java.util.Arrays.toString(releases), (System.nanoTime() - start) / 1e9,
                fuzzer.divergences().size());
        System.out.printf("fuzz time: generate %.1f s, compile %.1f s, rewrite+check %.1f s, run %.1f s%n",
                fuzzer.phaseNanos[0] / 1e9, fuzzer.phaseNanos[1] / 1e9, fuzzer.phaseNanos[2] / 1e9,
                fuzzer.phaseNanos[3] / 1e9);
        System.out.printf("fuzz: %d batches compiled by javac in a new process after this JVM's javac refused them%n",
                fuzzer.batchesCompiledInNewProcess());
        assertTrue(fuzzer.divergences().isEmpty(), () -> fuzzer.divergences().stream().limit(5)
                .map(d -> d + "\n" + d.source).collect(Collectors.joining("\n\n")));
        int threw = fuzzer.programsThatThrew();
        System.out.printf("fuzz: %d programs ended with an exception, %d with a value%n", threw,
                fuzzer.programsRun() - threw);
        assertTrue(threw > fuzzer.programsRun() / 20 && threw < fuzzer.programsRun() * 19 / 20,
                "programs should both return and throw often enough to compare both: " + threw);
        fuzzer.compilerBugs().forEach(bug -> System.out.println("fuzz: skipped, the compiler's own output does"
                + " not verify: " + bug.toString().lines().findFirst().orElse("")));
        assertEquals(PROGRAMS, fuzzer.programsRun() + fuzzer.compilerBugs().size());
        assertTrue(fuzzer.compilerBugs().size() <= Math.max(3, PROGRAMS / 50), "too many programs the compiler got"
                + " wrong: " + fuzzer.compilerBugs().size());
    }
}
