package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code Tasks.runWithVirtualTime}: sleeps of hours over at once, in order, the same on every run. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VirtualTimeTest {
    @Test
    void anHourLongSleepIsOverAtOnceAndTheClockReadsExactlyAnHour() {
        long start = System.nanoTime();

        Duration after = Tasks.runWithVirtualTime(
                () -> Tasks.sleep(Duration.ofHours(1)).thenApply(done -> Tasks.loopTime()));

        assertEquals(Duration.ofHours(1), after);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "took real time");
    }

    @Test
    void sleepsCompleteInDeadlineOrderThenInTheOrderTheyStarted() {
        List<String> order = Tasks.runWithVirtualTime(() -> {
            List<String> seen = new ArrayList<>();
            List<CompletableFuture<Void>> sleeps = new ArrayList<>();
            for (String name : List.of("3h", "1h first", "2h", "1h second")) {
                long hours = Long.parseLong(name.substring(0, 1));
                sleeps.add(Tasks.sleep(Duration.ofHours(hours))
                        .thenRun(() -> seen.add(name + " at " + Tasks.loopTime())));
            }
            return Tasks.gather(sleeps).thenApply(all -> seen);
        });

        assertEquals(List.of("1h first at PT1H", "1h second at PT1H", "2h at PT2H", "3h at PT3H"), order);
    }

    @Test
    void aTimeoutFiresAtExactlyItsVirtualDeadline() {
        String outcome = Tasks.runWithVirtualTime(
                () -> Tasks.withTimeout(Tasks.sleep(Duration.ofMinutes(2)), Duration.ofMinutes(1))
                        .handle((value, failure) -> failure.getClass().getSimpleName() + " at " + Tasks.loopTime()));

        assertEquals("TimeoutException at PT1M", outcome);
    }

    @Test
    void aRetryLoopWithBackoffAndTimeoutsRunsHoursOfVirtualTimeAtOnce() {
        AsyncFixture fixture = Fixtures.compile("Retries");
        @SuppressWarnings("unchecked")
        List<String> log = (List<String>) Fixtures.staticField(fixture, "fx.Retries", "LOG");
        log.clear();

        Object outcome = Tasks.runWithVirtualTime(() -> fixture.call(fixture.rewritten(), "fetchWithRetries",
                (Object) new long[] {60, 30, 20, 5}));

        assertEquals("fetched in 5 min", outcome);
        // 10 min timeout, 1 min back-off; 10 + 1 = 11, +10 = 21, +2 = 23, +10 = 33, +4 = 37, +5 = 42 min.
        assertEquals(List.of("attempt 0 timed out at PT10M", "attempt 1 timed out at PT21M",
                "attempt 2 timed out at PT33M", "fetched in 5 min at PT42M"), log);
    }

    @Test
    void theSameTasksGiveTheSameTimelineOnEveryRun() {
        List<String> first = Tasks.runWithVirtualTime(VirtualTimeTest::manySleepers);
        List<String> second = Tasks.runWithVirtualTime(VirtualTimeTest::manySleepers);

        assertEquals(first, second);
        assertEquals(1000, first.size());
    }

    @Test
    void outsideALoopTheLoopTimeIsRefused() {
        assertThrows(IllegalStateException.class, Tasks::loopTime);
    }

    @Test
    void aLoopWithRealTimeStillWaitsRealTime() {
        long start = System.nanoTime();

        Tasks.run(() -> Tasks.sleep(Duration.ofMillis(30)));

        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
    }

    /** 100 chains of ten random sleeps each, logged with the virtual time they ended at. */
    private static CompletableFuture<List<String>> manySleepers() {
        Random random = new Random(42);
        List<String> timeline = new ArrayList<>();
        List<CompletableFuture<Void>> chains = new ArrayList<>();
        for (int chain = 0; chain < 100; chain++) {
            CompletableFuture<Void> steps = CompletableFuture.completedFuture(null);
            for (int step = 0; step < 10; step++) {
                long millis = random.nextInt(5000);
                String name = "chain " + chain + " step " + step;
                steps = steps.thenCompose(previous -> Tasks.sleep(millis))
                        .thenRun(() -> timeline.add(name + " at " + Tasks.loopTime()));
            }
            chains.add(steps);
        }
        return Tasks.gather(chains).thenApply(all -> timeline);
    }
}
