package dev.jawait.internal;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The pending sleeps of one thread (a loop's, or the shared timer's), taken in order of deadline, then of addition;
 * any entry can be removed when its sleep is cancelled. Not thread-safe: each belongs to one thread.
 *
 * <p>Sleeps usually arrive in deadline order: a program sleeps for a few lengths, so each new sleep of a length is
 * due after every earlier one of it. Those go to a queue, the in-order run, where adding and taking the first cost
 * O(1); a sleep due before the run's last one goes to a binary min-heap, at O(log n). The first due is the earlier of
 * the two heads. With 100,000 tasks sleeping 1 ms in turn, the heap's sifting was a third of the loop's time.
 */
final class SleepHeap {
    private static final int INITIAL_CAPACITY = 64;
    /** {@link Sleep#heapIndex} of a sleep held by the in-order run rather than the heap. */
    private static final int IN_ORDER = Integer.MAX_VALUE;

    private Sleep[] entries = new Sleep[INITIAL_CAPACITY];
    private int size;
    private long nextSequence;

    /**
     * Sleeps each due no earlier than the one before. A removed one stays until it reaches the front, or until the
     * removed ones are half of the run, which then drops them all at once: cancelling costs O(1), amortized.
     */
    private ArrayDeque<Sleep> inOrder = new ArrayDeque<>();
    /** How many of {@link #inOrder} were removed and are still there. */
    private int removedInOrder;
    /** The most the run has held since it was last made anew; to give back the memory of a burst. */
    private int inOrderPeak;

    int size() {
        return size + inOrder.size() - removedInOrder;
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** The sequence number the next added sleep will get. */
    long nextSequence() {
        return nextSequence;
    }

    /** The sleep due first, or null when empty. */
    Sleep peek() {
        Sleep run = firstInOrder();
        if (size == 0) {
            return run;
        }
        Sleep top = entries[0];
        return run != null && run.isBefore(top) ? run : top;
    }

    void add(Sleep sleep) {
        sleep.sequence = nextSequence++;
        Sleep last = inOrder.peekLast();
        if (last == null || !sleep.isBefore(last)) {
            inOrder.addLast(sleep);
            sleep.heapIndex = IN_ORDER;
            inOrderPeak = Math.max(inOrderPeak, inOrder.size());
            return;
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        siftUp(size++, sleep);
    }

    /** Removes and returns the sleep due first, or null when empty. */
    Sleep poll() {
        Sleep run = firstInOrder();
        if (run != null && (size == 0 || run.isBefore(entries[0]))) {
            inOrder.pollFirst();
            run.heapIndex = -1;
            shrinkRunIfMostlyEmpty();
            return run;
        }
        if (size == 0) {
            return null;
        }
        Sleep first = entries[0];
        removeAt(0);
        return first;
    }

    /** Removes {@code sleep} if this holds it. A removed sleep is done: it is never added again. */
    void remove(Sleep sleep) {
        int index = sleep.heapIndex;
        if (index == IN_ORDER) {
            sleep.heapIndex = -1;
            if (++removedInOrder > inOrder.size() / 2) {
                inOrder.removeIf(held -> held.heapIndex != IN_ORDER);
                removedInOrder = 0;
                shrinkRunIfMostlyEmpty();
            }
        } else if (index >= 0 && index < size && entries[index] == sleep) {
            removeAt(index);
        }
    }

    /** Empties this and returns the sleeps it held, in no particular order. */
    Sleep[] drain() {
        Sleep[] held = new Sleep[size()];
        int count = 0;
        for (int i = 0; i < size; i++) {
            held[count++] = entries[i];
        }
        for (Sleep sleep : inOrder) {
            if (sleep.heapIndex == IN_ORDER) {
                held[count++] = sleep;
            }
        }
        for (Sleep sleep : held) {
            sleep.heapIndex = -1;
        }
        entries = new Sleep[INITIAL_CAPACITY];
        size = 0;
        inOrder = new ArrayDeque<>();
        removedInOrder = 0;
        inOrderPeak = 0;
        return held;
    }

    /** The first sleep of the in-order run that is still held, dropping removed ones before it; null if none. */
    private Sleep firstInOrder() {
        Sleep first;
        while ((first = inOrder.peekFirst()) != null && first.heapIndex != IN_ORDER) {
            inOrder.pollFirst();
            removedInOrder--;
        }
        return first;
    }

    // A burst of a million sleeps should not pin a million-slot array once they are over; ArrayDeque never shrinks.
    private void shrinkRunIfMostlyEmpty() {
        if (inOrderPeak > INITIAL_CAPACITY && inOrder.size() < inOrderPeak / 4) {
            inOrder = new ArrayDeque<>(inOrder);
            inOrderPeak = inOrder.size();
        }
    }

    private void removeAt(int index) {
        Sleep removed = entries[index];
        removed.heapIndex = -1;
        Sleep last = entries[--size];
        entries[size] = null;
        if (index < size) {
            siftDown(index, last);
            if (entries[index] == last) {
                siftUp(index, last);
            }
        }
        shrinkIfMostlyEmpty();
    }

    // The same for the heap's array.
    private void shrinkIfMostlyEmpty() {
        if (entries.length > INITIAL_CAPACITY && size < entries.length / 4) {
            entries = Arrays.copyOf(entries, Math.max(INITIAL_CAPACITY, entries.length / 2));
        }
    }

    private void siftUp(int index, Sleep sleep) {
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            Sleep above = entries[parent];
            if (!sleep.isBefore(above)) {
                break;
            }
            place(index, above);
            index = parent;
        }
        place(index, sleep);
    }

    private void siftDown(int index, Sleep sleep) {
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && entries[right].isBefore(entries[child])) {
                child = right;
            }
            if (!entries[child].isBefore(sleep)) {
                break;
            }
            place(index, entries[child]);
            index = child;
        }
        place(index, sleep);
    }

    private void place(int index, Sleep sleep) {
        entries[index] = sleep;
        sleep.heapIndex = index;
    }
}
