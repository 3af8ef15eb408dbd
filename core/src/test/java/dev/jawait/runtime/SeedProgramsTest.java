package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The example programs of the five asyncio tutorials in /work/shared/seeds, written with jawait in {@code
 * fixtures/Seeds.java}, print what {@code python3} (3.11) printed for them. The expected lines were recorded by running
 * each Python program; the programs run here on virtual time, where a program's timing is asserted it is exact.
 * Programs the tutorials give as fragments were completed (what was added is said in the fixture); aiohttp calls were
 * replaced by sleep-based stand-ins, in Python too. Seed 000 is "Why async/await Exists", 001 "Python Async Await",
 * 002 "Python async and await Basics", 003 "asyncio Basics - async/await and When to Actually Use Them", 004 the
 * async/await tutorial with aiohttp, aiofiles and async generators.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SeedProgramsTest {
    private static AsyncFixture fixture;

    @BeforeAll
    static void compile() {
        fixture = Fixtures.compile("Seeds");
    }

    @BeforeEach
    void clearOutput() {
        printed().clear();
    }

    @SuppressWarnings("unchecked")
    private static List<String> printed() {
        return (List<String>) Fixtures.staticField(fixture, "fx.Seeds", "OUT");
    }

    /** Runs an {@code @Async} program of the fixture on a loop with virtual time; returns its value. */
    private static Object runVirtual(String program, Object... args) {
        return Tasks.runWithVirtualTime(() -> fixture.call(fixture.rewritten(), program, args));
    }

    /** Calls a plain program of the fixture (one that calls Tasks.run itself, as Python's top level does). */
    private static void callPlain(String program) {
        fixture.call(fixture.rewritten(), program);
    }

    private static void assertPrinted(String... pythonPrinted) {
        assertEquals(List.of(pythonPrinted), new ArrayList<>(printed()));
    }

    // ---- seed 000 ----

    @Test
    void seed000WhyAsyncExistsGathersThreeFetches() {
        runVirtual("whyAsyncGather");
        assertPrinted("[200, 200, 200]");
    }

    @Test
    void seed000AsyncDefGreetRunsWithAsyncioRun() {
        callPlain("greetWorld");
        assertPrinted("Hello, world");
    }

    @Test
    void seed000AwaitPausesUntilSlowTaskIsDone() {
        runVirtual("awaitSlowTask");
        assertPrinted("done");
    }

    @Test
    void seed000GatherKeepsTheOrderOfTheCallsAndTakesTheLongestDelay() {
        runVirtual("gatherThreeDelays");
        assertPrinted("['A done', 'B done', 'C done']");
    }

    @Test
    void seed000FetchMultipleApisReportsTitlesAndErrors() {
        callPlain("fetchMultipleApis");
        assertPrinted("sunt aut facere", "qui est esse",
                "404, message='Not Found', url='https://jsonplaceholder.typicode.com/posts/404'");
    }

    @Test
    void seed000Mistake1RunsGetDataWithAsyncioRun() {
        callPlain("runGetData");
        assertPrinted("data");
    }

    @Test
    void seed000Mistake3BridgesFromSyncCodeWithAsyncioRun() {
        Object result = callPlainForValue("syncFunction");
        assertEquals("from async", result);
    }

    private static Object callPlainForValue(String program) {
        try {
            return fixture.rewritten().loadClass("fx.Seeds").getMethod(program).invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    // ---- seed 001 ----

    @Test
    void seed001FirstAsyncFunctionGreetsTom() {
        runVirtual("greetTom", "Tom");
        assertPrinted("Hello Tom!", "Goodbye Tom!");
    }

    @Test
    void seed001RunningMultipleTasksAtOnceStartsAllThenEndsAll() {
        runVirtual("gatherFetchData");
        assertPrinted("Task 1: start", "Task 2: start", "Task 3: start", "Task 1: end", "Task 2: end", "Task 3: end",
                "['data-1', 'data-2', 'data-3']");
    }

    // ---- seed 002 ----

    @Test
    void seed002CoroutineObjectRunsOnlyWhenRun() {
        // Python printed "<class 'coroutine'>" then "hello": calling hello() ran nothing. Calling an @Async method
        // starts it at once, so the lazy counterpart is a call not made yet (a Supplier), and this line differs.
        callPlain("coroutineIsLazy");
        assertPrinted("<a Supplier: nothing ran, 0 lines printed>", "hello");
    }

    @Test
    void seed002AwaitsInSequenceRunOneAfterTheOther() {
        runVirtual("sequentialAwaits");
        assertPrinted("A starting", "A done after 1s", "B starting", "B done after 1s");
    }

    @Test
    void seed002GatherRunsSlowTasksConcurrently() {
        runVirtual("gatherSlowTasks");
        assertPrinted("['A done', 'B done', 'C done']");
    }

    @Test
    void seed002FetchingUrlsPrintsEachUrlWithItsPageLength() {
        runVirtual("fetchUrls");
        assertPrinted("https://example.com 32", "https://example.org 32", "https://example.net 32");
    }

    @Test
    void seed002BackgroundTaskRunsWhileTheForegroundOneDoes() {
        Object endedAtMillis = runVirtual("backgroundTask");
        assertPrinted("background done");
        assertEquals(2000L, endedAtMillis); // 2 s, not 1 + 2
    }

    @Test
    void seed002ToThreadRunsABlockingCall() {
        runVirtual("toThreadBlocking");
        assertPrinted("42");
    }

    // ---- seed 003 ----

    @Test
    void seed003CorePrincipleGathersThreeFetches() {
        runVirtual("gatherFetches");
        assertPrinted("['Data from api.example.com/1', 'Data from api.example.com/2', 'Data from api.example.com/3']");
    }

    @Test
    void seed003GatherCreateTaskAndAsCompleted() {
        runVirtual("waysToRunConcurrently");
        assertPrinted("['one', 'two', 'three']", "long", "Got result: two", "Got result: three", "Got result: one");
    }

    @Test
    void seed003WaitForTimesOutAndTaskCancelIsDeliveredAtTheAwait() {
        runVirtual("timeoutsAndCancellation");
        assertPrinted("Operation took too long", "operation cancelled", "task cancelled: True");
    }

    @Test
    void seed003TenApiCallsTakeOneSecond() {
        Object endedAtMillis = runVirtual("tenApiCalls");
        assertPrinted("[{'id': 1}, {'id': 2}, {'id': 3}, {'id': 4}, {'id': 5}, {'id': 6}, {'id': 7}, {'id': 8},"
                + " {'id': 9}, {'id': 10}]");
        assertEquals(1000L, endedAtMillis);
    }

    @Test
    void seed003RunInExecutorRunsTheBlockingLibrary() {
        callPlain("printUseBlockingLibrary");
        assertPrinted("42");
    }

    @Test
    void seed003ForgettingAwaitGivesNoResult() {
        // Python printed "<coroutine object fetch_data at 0x...>" (and warned that it was never awaited). The @Async
        // call has run instead: the value is its future, which this line prints; the second line is the same.
        runVirtual("forgettingAwait");
        assertPrinted("<a future, done: true>", "data");
    }

    // ---- seed 004 ----

    @Test
    void seed004FetchAllGathersTheFetches() {
        callPlain("printFetchAll");
        assertPrinted("['page a', 'page b', 'page c']");
    }

    @Test
    void seed004CoroutineSaysHelloThenWorld() {
        runVirtual("sayHello");
        assertPrinted("Hello", "World");
    }

    @Test
    void seed004RunningMultipleTasksEndsInDelayOrderAndGathersInCallOrder() {
        runVirtual("gatherStartAndFinish");
        assertPrinted("A starting", "B starting", "C starting", "B done", "A done", "C done", "['A', 'B', 'C']");
    }

    @Test
    void seed004AsyncIteratorReadsAnAsyncGenerator() {
        runVirtual("asyncFor");
        assertPrinted("0", "1", "2", "3", "4");
    }

    @Test
    void seed004ToThreadPassesArguments() {
        runVirtual("toThreadWithArguments");
        assertPrinted("2+3=5");
    }
}
