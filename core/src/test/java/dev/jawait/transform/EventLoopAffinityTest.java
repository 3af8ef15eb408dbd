package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rewritten calls started inside Tasks.run resume on the loop's thread, whoever completes what they await. */
class EventLoopAffinityTest {
    private static AsyncFixture fixture;

    @BeforeAll
    static void compile() throws Exception {
        fixture = AsyncFixture.clean("fx.OnLoop", FixtureSuiteTest.source("OnLoop"), 11);
    }

    @Test
    void everyResumptionRunsOnTheLoopThread() {
        Object threads = Tasks.run(() -> fixture.call(fixture.rewritten(), "threadsSeen", 20));
        assertEquals(Set.of(Thread.currentThread().getName()), threads);
    }

    @Test
    void outsideALoopACallResumesOnTheThreadThatCompletedTheFuture() throws Exception {
        CompletableFuture<Object> result = fixture.call(fixture.rewritten(), "threadsSeen", 4);
        @SuppressWarnings("unchecked")
        Set<String> threads = (Set<String>) result.get();
        assertTrue(threads.contains(Thread.currentThread().getName()), threads.toString());
        assertTrue(threads.size() > 1, "resumed on completing threads too: " + threads);
    }

    @Test
    void codeBetweenTwoAwaitsNeverOverlapsWithOtherTasksOfTheLoop() {
        assertEquals("100 tasks, overlaps=0", Tasks.run(() -> fixture.call(fixture.rewritten(), "manyTasks")));
    }
}
