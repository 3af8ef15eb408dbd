package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jawait.AsyncStackTrace;
import dev.jawait.fixtures.F;
import dev.jawait.testing.AsyncFixture;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A failure that escapes through awaits carries the chain of async callers that were waiting for it. */
class AsyncStackTraceTest {
    private static int lineOf(String source, String marker) {
        return 1 + (int) source.substring(0, source.indexOf(marker)).chars().filter(c -> c == '\n').count();
    }

    @Test
    void theFailureListsEveryAwaitItPassedThroughInnermostFirst() throws Exception {
        String source = FixtureSuiteTest.source("Traces");
        AsyncFixture fixture = AsyncFixture.clean("fx.Traces", source, 11);
        Throwable failure = F.pump(() -> fixture.call(fixture.rewritten(), "outer")).handle((v, e) -> e).get();

        assertEquals("deep", failure.getMessage());
        assertEquals(lineOf(source, "// THROW"), failure.getStackTrace()[0].getLineNumber());
        AsyncStackTrace trace = AsyncStackTrace.of(failure);
        assertNotNull(trace, Arrays.toString(failure.getSuppressed()));
        List<String> awaits = Arrays.stream(trace.getStackTrace()).map(StackTraceElement::toString)
                .collect(Collectors.toList());
        assertEquals(List.of(
                "fx.Traces.middle(Traces.java:" + lineOf(source, "// MIDDLE AWAIT") + ")",
                "fx.Traces.outer(Traces.java:" + lineOf(source, "// OUTER AWAIT") + ")"), awaits);
    }

    @Test
    void aFailureCaughtAtTheFirstAwaitListsThatAwaitOnly() throws Exception {
        String source = FixtureSuiteTest.source("Traces");
        AsyncFixture fixture = AsyncFixture.clean("fx.Traces", source, 11);
        Throwable failure = F.pump(() -> fixture.call(fixture.rewritten(), "middle")).handle((v, e) -> e).get();
        assertEquals(1, AsyncStackTrace.of(failure).getStackTrace().length);
    }

    /** A preallocated exception thrown again in a retry loop shows the path of its latest throw, not every lap. */
    @Test
    void anExceptionThrownAgainListsTheAwaitsOfItsLatestThrowOnly() throws Exception {
        String source = FixtureSuiteTest.source("Traces");
        AsyncFixture fixture = AsyncFixture.clean("fx.Traces", source, 11);
        Throwable failure = (Throwable) F.pump(() -> fixture.call(fixture.rewritten(), "retries", 5)).get();

        assertEquals("reused", failure.getMessage());
        List<String> awaits = Arrays.stream(AsyncStackTrace.of(failure).getStackTrace())
                .map(StackTraceElement::toString).collect(Collectors.toList());
        assertEquals(List.of(
                "fx.Traces.passesTheReusedOneOn(Traces.java:" + lineOf(source, "// PASSES REUSED") + ")",
                "fx.Traces.retries(Traces.java:" + lineOf(source, "// RETRY AWAIT") + ")"), awaits);
    }
}
