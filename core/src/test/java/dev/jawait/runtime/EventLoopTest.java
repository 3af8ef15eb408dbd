package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Tasks;
import dev.jawait.internal.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The event loop itself: which thread runs tasks, in what order, and what happens around closing. */
// A broken loop tends to hang rather than fail; a separate thread lets the timeout end the test anyway.
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventLoopTest {
    @Test
    void tasksSubmittedFromAnotherThreadRunOnTheLoopThreadInSubmissionOrder() {
        int tasks = 10_000;
        Thread caller = Thread.currentThread();
        List<Integer> order = new ArrayList<>(); // touched only by the loop thread
        AtomicInteger offLoopThread = new AtomicInteger();

        Tasks.run(() -> {
            EventLoop loop = EventLoop.current();
            CompletableFuture<Void> lastRan = new CompletableFuture<>();
            new Thread(() -> {
                for (int i = 0; i < tasks; i++) {
                    int index = i;
                    loop.execute(() -> {
                        if (Thread.currentThread() != caller) {
                            offLoopThread.incrementAndGet();
                        }
                        order.add(index);
                        if (index == tasks - 1) {
                            lastRan.complete(null);
                        }
                    });
                }
            }, "event-loop-test-submitter").start();
            return lastRan;
        });

        assertEquals(0, offLoopThread.get(), "tasks ran off the loop thread");
        assertEquals(tasks, order.size());
        for (int i = 0; i < tasks; i++) {
            assertEquals(i, order.get(i));
        }
    }

    @Test
    void eachSubmittersTasksKeepTheirOrderWhenSeveralThreadsSubmitAtOnce() {
        int submitters = 4;
        int tasksEach = 5_000;
        List<List<Integer>> seenPerSubmitter = new ArrayList<>();
        for (int s = 0; s < submitters; s++) {
            seenPerSubmitter.add(new ArrayList<>()); // touched only by the loop thread
        }

        Tasks.run(() -> {
            EventLoop loop = EventLoop.current();
            AtomicInteger remaining = new AtomicInteger(submitters * tasksEach);
            CompletableFuture<Void> allRan = new CompletableFuture<>();
            for (int s = 0; s < submitters; s++) {
                List<Integer> seen = seenPerSubmitter.get(s);
                new Thread(() -> {
                    for (int i = 0; i < tasksEach; i++) {
                        int index = i;
                        loop.execute(() -> {
                            seen.add(index);
                            if (remaining.decrementAndGet() == 0) {
                                allRan.complete(null);
                            }
                        });
                    }
                }).start();
            }
            return allRan;
        });

        for (List<Integer> seen : seenPerSubmitter) {
            assertEquals(tasksEach, seen.size());
            for (int i = 0; i < tasksEach; i++) {
                assertEquals(i, seen.get(i));
            }
        }
    }

    @Test
    void tasksTheLoopSubmitsToItselfRunAfterTheCurrentTaskInOrder() {
        List<String> order = Tasks.run(() -> {
            EventLoop loop = EventLoop.current();
            List<String> ran = new ArrayList<>();
            CompletableFuture<List<String>> done = new CompletableFuture<>();
            loop.execute(() -> {
                loop.execute(() -> ran.add("second"));
                loop.execute(() -> {
                    ran.add("third");
                    done.complete(ran);
                });
                ran.add("first");
            });
            return done;
        });

        assertEquals(List.of("first", "second", "third"), order);
    }

    @Test
    void anIdleLoopWakesUpForATaskSubmittedLater() {
        long start = System.nanoTime();
        String value = Tasks.run(() -> {
            EventLoop loop = EventLoop.current();
            CompletableFuture<String> done = new CompletableFuture<>();
            new Thread(() -> {
                RunTest.sleepQuietly(100);
                loop.execute(() -> done.complete("woken"));
            }).start();
            return done;
        });
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals("woken", value);
        assertTrue(elapsedMillis >= 95 && elapsedMillis < 2_000, "took " + elapsedMillis + " ms");
    }

    @Test
    void aTaskThatThrowsIsLoggedAndTheLoopGoesOn() {
        RuntimeException failure = new RuntimeException("expected by the test");
        String value;
        List<LogRecord> records;
        try (CapturedLog log = new CapturedLog()) {
            value = Tasks.run(() -> {
                EventLoop loop = EventLoop.current();
                CompletableFuture<String> done = new CompletableFuture<>();
                loop.execute(() -> {
                    throw failure;
                });
                loop.execute(() -> done.complete("after the failure"));
                return done;
            });
            records = log.records();
        }

        assertEquals("after the failure", value);
        assertEquals(1, records.size());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertSame(failure, records.get(0).getThrown());
    }

    @Test
    void executeAfterTheLoopClosedRunsTheTaskOnTheCallingThreadAtOnce() throws Exception {
        EventLoop loop = Tasks.run(() -> CompletableFuture.completedFuture(EventLoop.current()));
        assertTrue(loop.isClosed());

        AtomicReference<Thread> ranOn = new AtomicReference<>();
        loop.execute(() -> ranOn.set(Thread.currentThread()));
        assertSame(Thread.currentThread(), ranOn.get());

        Thread other = new Thread(() -> loop.execute(() -> ranOn.set(Thread.currentThread())));
        other.start();
        other.join(5_000);
        assertSame(other, ranOn.get());
    }

    @Test
    void noTaskIsLostWhenTheLoopClosesWhileAnotherThreadKeepsSubmitting() throws Exception {
        int tasks = 200_000;
        AtomicInteger ran = new AtomicInteger();
        AtomicReference<Thread> submitter = new AtomicReference<>();

        Tasks.run(() -> {
            EventLoop loop = EventLoop.current();
            CompletableFuture<Void> someRan = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                for (int i = 0; i < tasks; i++) {
                    loop.execute(() -> {
                        if (ran.incrementAndGet() == 1_000) {
                            someRan.complete(null); // closes the loop while submissions go on
                        }
                    });
                }
            });
            submitter.set(thread);
            thread.start();
            return someRan;
        });
        submitter.get().join(10_000);

        assertFalse(submitter.get().isAlive());
        assertEquals(tasks, ran.get());
    }

    @Test
    void sleepOffTheLoopThreadIsRefused() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Tasks.run(() -> {
            EventLoop running = EventLoop.current();
            Thread other = new Thread(() -> {
                try {
                    running.sleep(1);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            other.start();
            try {
                other.join(5_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return CompletableFuture.completedFuture(null);
        });
        assertTrue(thrown.get() instanceof IllegalStateException, "got " + thrown.get());
    }
}
