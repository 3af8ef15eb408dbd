package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link SleepHeap} against a sorted set of the same sleeps: whatever mix of in-order and out-of-order deadlines,
 * removals and polls, it hands sleeps out by deadline, then by addition, and counts exactly what it holds.
 */
class SleepHeapTest {
    /** The order a heap must follow: deadline, then addition (the sequence the heap gave). */
    private static final Comparator<Sleep> DUE_ORDER =
            Comparator.comparingLong((Sleep sleep) -> sleep.deadline).thenComparingLong(sleep -> sleep.sequence);

    @Test
    void sleepsComeOutByDeadlineThenByAdditionWhateverTheMixOfOperations() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            SleepHeap heap = new SleepHeap();
            TreeSet<Sleep> model = new TreeSet<>(DUE_ORDER);
            List<Sleep> held = new ArrayList<>();
            long clock = 0;
            for (int step = 0; step < 20_000; step++) {
                int operation = random.nextInt(10);
                if (operation < 5) {
                    // Mostly growing deadlines (the in-order run), with ties, and some earlier ones (the heap).
                    clock += random.nextInt(3);
                    long deadline = random.nextInt(5) == 0 ? clock - random.nextInt(50) : clock + random.nextInt(2);
                    Sleep sleep = new Sleep(deadline, null);
                    heap.add(sleep);
                    model.add(sleep);
                    held.add(sleep);
                } else if (operation < 8) {
                    Sleep expected = model.pollFirst();
                    assertSame(expected, heap.poll(), "seed " + seed + ", step " + step);
                    held.remove(expected);
                } else if (!held.isEmpty()) {
                    Sleep cancelled = held.remove(random.nextInt(held.size()));
                    heap.remove(cancelled);
                    model.remove(cancelled);
                    heap.remove(cancelled); // a second removal changes nothing
                }
                assertEquals(model.size(), heap.size(), "seed " + seed + ", step " + step);
                assertSame(model.isEmpty() ? null : model.first(), heap.peek());
            }
            Set<Sleep> drained = new HashSet<>(List.of(heap.drain()));
            assertEquals(new HashSet<>(model), drained);
            assertEquals(0, heap.size());
            assertNull(heap.poll());
        }
    }

    @Test
    void aSleepTakenOutIsHeldNoMoreAndOneAddedAgainAfterItsRemovalIsNotHandedOutTwice() {
        SleepHeap heap = new SleepHeap();
        Sleep first = new Sleep(10, null);
        Sleep second = new Sleep(20, null);
        heap.add(first);
        heap.add(second);
        assertSame(first, heap.poll());
        assertEquals(-1, first.heapIndex);
        heap.remove(first); // not held any more: nothing happens
        assertEquals(1, heap.size());
        assertSame(second, heap.poll());
        assertNull(heap.poll());
        assertEquals(0, heap.size());
    }

    @Test
    void cancellingAllButOneOfABurstLeavesOnlyThatOne() {
        SleepHeap heap = new SleepHeap();
        List<Sleep> burst = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            Sleep sleep = new Sleep(i, null);
            heap.add(sleep);
            burst.add(sleep);
        }
        for (int i = 0; i < 99_999; i++) {
            heap.remove(burst.get(i));
        }
        assertEquals(1, heap.size());
        assertSame(burst.get(99_999), heap.peek());
        assertEquals(1, heap.drain().length);
    }
}
