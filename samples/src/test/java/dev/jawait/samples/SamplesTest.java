package dev.jawait.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each sample does what its README section says it does. */
class SamplesTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void gatherRunsTheThreeTasksAtOnceOnOneThread() {
        GatherSample.Timings timings = GatherSample.run(out);
        assertEquals(timings.sequentialResults, timings.gatheredResults);
        assertTrue(timings.sequentialResults.get(0).startsWith("A (1000 ms) on "));
        String loopThread = timings.sequentialResults.get(0).replaceFirst(".* on ", "");
        assertTrue(timings.gatheredResults.stream().allMatch(r -> r.endsWith(" on " + loopThread)),
                timings.gatheredResults.toString());
        assertTrue(timings.sequentialNanos >= TimeUnit.MILLISECONDS.toNanos(2950), "sequential took at least 3 s");
        assertTrue(timings.gatheredNanos >= TimeUnit.MILLISECONDS.toNanos(1450), "gather waits for the slowest");
        assertTrue(timings.gatheredNanos < timings.sequentialNanos * 0.7,
                "gather took " + timings.gatheredNanos / 1e9 + " s, sequential " + timings.sequentialNanos / 1e9);
    }

    @Test
    void fetchingManyUrlsTurnsTimeoutsAndErrorsIntoResults() throws Exception {
        long start = System.nanoTime();
        List<String> results = HttpFetchSample.run(out);
        long elapsed = System.nanoTime() - start;
        assertEquals(20, results.size());
        for (int i = 1; i <= 18; i++) {
            assertEquals("/item/" + i + " -> item " + i, results.get(i - 1));
        }
        assertEquals("/slow -> timed out", results.get(18));
        assertEquals("/broken -> HTTP 500", results.get(19));
        assertTrue(elapsed < TimeUnit.SECONDS.toNanos(4), "one by one would take over 4 s: " + elapsed / 1e9);
    }

    @Test
    void resultsAreHandledInTheOrderTheyFinishWhileTheBackgroundTaskRuns() {
        List<String> log = BackgroundSample.run(out);
        assertEquals(List.of("finished tiny.gif", "finished small.txt", "finished medium.zip", "finished large.tar",
                "finished big.iso"), log.subList(0, 5));
        assertTrue(log.get(5).startsWith("heartbeat stopped after "), log.toString());
        assertEquals("the heartbeat ran alongside: yes", log.get(6));
    }

    @Test
    void theConnectionIsClosedInFinallyOnSuccessAndOnFailure() {
        assertEquals(List.of("opened", "page 1: [10, 11, 12]", "page 2: [20, 21, 22]", "page 3: [30, 31, 32]",
                "closed", "sum of all items = 189", "opened", "page 1: [10, 11, 12]", "closed",
                "gave up: page 2 is unavailable"), LoopsAndCleanupSample.run(out));
    }

    @Test
    void asyncWithWaitsForTheGroupCommitsOrRollsBackAndClosesTheGeneratorAtTheBreak() {
        assertEquals(List.of(
                "TaskGroup as async with:",
                "  block ends, the group awaits its 3 tasks",
                "  tiny.gif finished",
                "  small.txt finished",
                "  large.tar finished",
                "  after the block: every task has finished",
                "A session that commits or rolls back:",
                "  session opened",
                "  inserted apples",
                "  inserted pears",
                "  commit [apples, pears], session closed",
                "  ordered 2 items",
                "  session opened",
                "  inserted apples",
                "  rollback [apples] (no such product: unknown-fruit), session closed",
                "  the order failed: no such product: unknown-fruit",
                "A lazy generator, closed by break:",
                "  generator created, nothing produced yet",
                "  produce 1",
                "  consume 1",
                "  produce 2",
                "  consume 2",
                "  produce 3",
                "  consume 3",
                "  generator finally",
                "  after the loop"), AsyncWithSample.run(out));
    }

    @Test
    void theServerAnswersEveryClientWithFewThreads() throws Exception {
        AsyncServerSample.Report report = AsyncServerSample.run(out);
        assertEquals(AsyncServerSample.CLIENTS, report.ok);
        assertTrue(report.nanos < TimeUnit.SECONDS.toNanos(10), "took " + report.nanos / 1e9 + " s, blocking: 50 s");
        int allowed = report.serverThreads + ForkJoinPool.getCommonPoolParallelism() + 1;
        assertTrue(report.handlerThreads.size() <= allowed, report.handlerThreads.toString());
    }

    @Test
    void theMistakesAreExplainedAtBuildTimeAndAtRunTime() throws Exception {
        List<String> lines = MistakesSample.run(out);
        assertEquals("  dev/jawait/samples/mistakes/NotRewritten.java:[25] error: await in"
                + " dev.jawait.samples.mistakes.NotRewritten.awaitOutsideAsync(), which is not @dev.jawait.Async;"
                + " annotate it @dev.jawait.Async and return a CompletableFuture (or CompletionStage)", lines.get(1));
        assertTrue(lines.get(2).startsWith("  dev/jawait/samples/mistakes/NotRewritten.java:[32] warning:"
                + " [never-awaited] the future returned by NotRewritten.correctButNotRewrittenAsync() is dropped"),
                lines.get(2));
        assertTrue(lines.get(3).startsWith("  dev/jawait/samples/mistakes/NotRewritten.java:[33] warning:"
                + " [blocking-call] Thread.sleep() blocks the thread"), lines.get(3));
        assertTrue(lines.get(5).startsWith("  correct @Async code, not rewritten: Await.await called in"
                + " dev.jawait.samples.mistakes.NotRewritten.correctButNotRewrittenAsync (NotRewritten.java:16),"
                + " which jawait did not rewrite."), lines.get(5));
        assertTrue(lines.get(6).startsWith("  await outside @Async: Await.await called in"
                + " dev.jawait.samples.mistakes.NotRewritten.awaitOutsideAsync (NotRewritten.java:25)"), lines.get(6));
    }

    @Test
    void theProgramRewrittenByThePluginAndTheOneRewrittenByTheAgentPrintTheSame() throws Exception {
        assertEquals("5 4 3 2 1 liftoff", TwoWaysSample.run(out));
        assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("rewritten by: jawait-maven-plugin"));

        String plainClasses = System.getProperty("samples.plainClasses");
        String agentJar = System.getProperty("samples.agentJar");
        String core = new File(dev.jawait.Await.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getPath();
        Process process = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agentJar, "-cp", plainClasses + File.pathSeparator + core,
                "dev.jawait.samples.TwoWaysSample").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(List.of("rewritten by: the agent, as the classes loaded", "5 4 3 2 1 liftoff"),
                List.of(output.strip().split("\\R")), output);
    }
}
