package dev.jawait.internal;

import java.util.Arrays;

/**
 * A binary min-heap of sleeps ordered by deadline, then by insertion order, that can also remove any entry in
 * logarithmic time. Not thread-safe: each heap belongs to one thread.
 */
final class SleepHeap {
    private static final int INITIAL_CAPACITY = 64;

    private Sleep[] entries = new Sleep[INITIAL_CAPACITY];
    private int size;
    private long nextSequence;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The sequence number the next added sleep will get. */
    long nextSequence() {
        return nextSequence;
    }

    /** The sleep due first, or null when empty. */
    Sleep peek() {
        return size == 0 ? null : entries[0];
    }

    void add(Sleep sleep) {
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        sleep.sequence = nextSequence++;
        siftUp(size++, sleep);
    }

    /** Removes and returns the sleep due first, or null when empty. */
    Sleep poll() {
        if (size == 0) {
            return null;
        }
        Sleep first = entries[0];
        removeAt(0);
        return first;
    }

    /** Removes {@code sleep} if this heap holds it. */
    void remove(Sleep sleep) {
        int index = sleep.heapIndex;
        if (index >= 0 && index < size && entries[index] == sleep) {
            removeAt(index);
        }
    }

    /** Empties the heap and returns what it held, in no particular order. */
    Sleep[] drain() {
        Sleep[] held = Arrays.copyOf(entries, size);
        for (Sleep sleep : held) {
            sleep.heapIndex = -1;
        }
        entries = new Sleep[INITIAL_CAPACITY];
        size = 0;
        return held;
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

    // A burst of a million sleeps should not pin a million-slot array once they are over.
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
