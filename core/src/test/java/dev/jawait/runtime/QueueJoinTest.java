package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.AsyncQueue;
import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The unbounded {@link AsyncQueue} and its work tracking: asyncio's {@code task_done} and {@code join}. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueJoinTest {
    @Test
    void workersProcessEveryItemBeforeJoinCompletesThenAreCancelled() {
        AsyncFixture fixture = Fixtures.compile("Waits");

        Object log = Tasks.runWithVirtualTime(() -> fixture.call(fixture.rewritten(), "workersAndJoin"));

        // Item i takes i*10 ms; three workers take the items in order as they become free.
        assertEquals(String.join("\n",
                "worker-0 did 1 at 10 ms", "worker-1 did 2 at 20 ms", "worker-2 did 3 at 30 ms",
                "worker-0 did 4 at 50 ms", "worker-1 did 5 at 70 ms", "worker-2 did 6 at 90 ms",
                "worker-0 did 7 at 120 ms", "worker-1 did 8 at 150 ms", "worker-2 did 9 at 180 ms",
                "joined at 180 ms, 0 unfinished", "3 workers cancelled"), log);
    }

    @Test
    void anUnboundedQueueNeverMakesAProducerWait() {
        AsyncQueue<Integer> queue = new AsyncQueue<>();

        for (int i = 0; i < 100_000; i++) {
            assertTrue(queue.put(i).isDone(), "put " + i + " waited");
        }

        assertEquals(100_000, queue.size());
        assertEquals(Integer.MAX_VALUE, queue.capacity());
    }

    @Test
    void joinCompletesAtOnceWhenNothingIsUnfinished() {
        assertTrue(new AsyncQueue<String>().join().isDone());
    }

    @Test
    void joinWaitsForATaskDoneForEveryItemPutTakenOrNot() {
        AsyncQueue<String> queue = new AsyncQueue<>(1);
        CompletableFuture<String> taker = queue.take();
        queue.put("handed to a waiting taker");
        queue.put("held");
        CompletableFuture<Void> waitingProducer = queue.put("waits for room");
        assertTrue(queue.offer("refused") == false);

        CompletableFuture<Void> joined = queue.join();
        assertEquals(2, queue.unfinishedTasks(), "a producer still waiting has put nothing yet");
        queue.poll();
        assertTrue(waitingProducer.isDone());
        assertEquals(3, queue.unfinishedTasks());
        queue.taskDone();
        queue.taskDone();
        assertFalse(joined.isDone());
        queue.taskDone();

        assertTrue(joined.isDone());
        assertEquals("handed to a waiting taker", taker.join());
    }

    @Test
    void moreTaskDonesThanItemsIsRefused() {
        AsyncQueue<String> queue = new AsyncQueue<>();
        queue.put("one");
        queue.taskDone();

        IllegalStateException refused = assertThrows(IllegalStateException.class, queue::taskDone);
        assertEquals("taskDone() called more times than items were put in the queue", refused.getMessage());
    }

    @Test
    void cancellingOneJoinLeavesTheOthersWaiting() {
        AsyncQueue<String> queue = new AsyncQueue<>();
        queue.put("one");
        CompletableFuture<Void> cancelled = queue.join();
        CompletableFuture<Void> other = queue.join();

        cancelled.cancel(true);
        queue.taskDone();

        assertTrue(other.isDone() && !other.isCompletedExceptionally());
    }

    @Test
    void aCancelledPutCountsNoUnfinishedItem() {
        AsyncQueue<String> queue = new AsyncQueue<>(1);
        queue.put("held");
        CompletableFuture<Void> put = queue.put("cancelled");

        put.cancel(true);
        queue.poll();

        assertEquals(1, queue.unfinishedTasks());
    }
}
