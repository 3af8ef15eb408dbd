package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import dev.jawait.testing.FixtureCompiler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code async with} beyond what the fixture suite compares with blocking code: a resource told the block's
 * exception, task groups that wait for their tasks, locks and permits held for a block. Each at every release, by
 * javac and ecj, since the two compile try-with-resources differently.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncWithTest {
    private static final int[] RELEASES = {8, 11, 17, 21, 25};

    static Stream<Arguments> compilations() {
        List<Arguments> all = new ArrayList<>();
        for (int release : RELEASES) {
            for (FixtureCompiler.Kind compiler : FixtureCompiler.Kind.values()) {
                all.add(Arguments.of(release, compiler));
            }
        }
        return all.stream();
    }

    private static AsyncFixture compile(int release, FixtureCompiler.Kind compiler) throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= release,
                "--release " + release + " needs JDK " + release + " or newer; the JDK 25 run covers it");
        return AsyncFixture.clean("fx.AsyncWith", FixtureSuiteTest.source("AsyncWith"), release, compiler);
    }

    @ParameterizedTest(name = "--release {0} by {1}")
    @MethodSource("compilations")
    void aResourceIsToldTheExceptionTheBlockEndedWith(int release, FixtureCompiler.Kind compiler) throws Exception {
        AsyncFixture fixture = compile(release, compiler);
        assertEquals("done", run(fixture, "transaction", true, false));
        assertEquals(List.of("inserted", "commit"), log(fixture));

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> run(fixture, "transaction", true, true));
        assertEquals("insert failed", thrown.getMessage());
        assertEquals(List.of("rollback after insert failed"), log(fixture));
    }

    @ParameterizedTest(name = "--release {0} by {1}")
    @MethodSource("compilations")
    void aTaskGroupBlockWithoutJoinWaitsForEveryTask(int release, FixtureCompiler.Kind compiler) throws Exception {
        AsyncFixture fixture = compile(release, compiler);
        assertEquals("slow done: true", run(fixture, "groupWithoutJoin", false));
        assertEquals(List.of("fast done", "fast cleanup", "slow done", "slow cleanup", "after block"), log(fixture));
    }

    @ParameterizedTest(name = "--release {0} by {1}")
    @MethodSource("compilations")
    void aTaskGroupBlockThatThrowsCancelsItsTasksAndWaitsForTheirCleanup(int release, FixtureCompiler.Kind compiler)
            throws Exception {
        AsyncFixture fixture = compile(release, compiler);
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> run(fixture, "groupWhoseBlockThrows", false));
        assertEquals("the block failed", thrown.getMessage());
        assertEquals(List.of("long cleanup"), log(fixture), "cancelled at its sleep; cleanup ran before the throw");

        IllegalStateException withCleanupFailure = assertThrows(IllegalStateException.class,
                () -> run(fixture, "groupWhoseTaskFailsInCleanup", false));
        assertEquals(List.of("cleanup failed"), Arrays.stream(withCleanupFailure.getSuppressed())
                .filter(t -> t instanceof IllegalArgumentException).map(Throwable::getMessage)
                .collect(Collectors.toList()), "the task's failure is suppressed in the block's, not lost");
    }

    @ParameterizedTest(name = "--release {0} by {1}")
    @MethodSource("compilations")
    void aHeldLockOrPermitIsReleasedWhenTheBlockEndsHoweverItEnds(int release, FixtureCompiler.Kind compiler)
            throws Exception {
        AsyncFixture fixture = compile(release, compiler);
        assertEquals("[a in, b in, c in] most inside 1 locked false b failed true",
                run(fixture, "lockHeldInBlocks", false));
        log(fixture);
        assertEquals("most inside 3, free 3", run(fixture, "semaphoreHeldInBlocks", false));
    }

    /** Runs the case on an event loop; its exception is thrown as it was raised. */
    private static Object run(AsyncFixture fixture, String method, boolean clearLogFirst, Object... args)
            throws Exception {
        if (clearLogFirst) {
            log(fixture);
        }
        Class<?>[] types = new Class<?>[args.length];
        for (int i = 0; i < args.length; i++) {
            types[i] = args[i] instanceof Boolean ? boolean.class : args[i].getClass();
        }
        java.lang.reflect.Method target = fixture.rewritten().loadClass("fx.AsyncWith").getMethod(method, types);
        return Tasks.run(() -> {
            try {
                return (CompletableFuture<?>) target.invoke(null, args);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static Object run(AsyncFixture fixture, String method, boolean clearLogFirst) throws Exception {
        return run(fixture, method, clearLogFirst, new Object[0]);
    }

    /** The fixture's log so far, which this clears. */
    @SuppressWarnings("unchecked")
    private static List<String> log(AsyncFixture fixture) throws Exception {
        List<String> log = (List<String>) fixture.rewritten().loadClass("fx.AsyncWith").getField("LOG").get(null);
        synchronized (log) {
            List<String> copy = new ArrayList<>(log);
            log.clear();
            return copy;
        }
    }
}
