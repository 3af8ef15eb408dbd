package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.AsyncIterator;
import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link AsyncIterator}: generators with back-pressure, and adapters from and to {@code Flow.Publisher}. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncIteratorTest {
    private static AsyncFixture fixture;

    @BeforeAll
    static void compile() {
        fixture = Fixtures.compile("Streams");
    }

    @BeforeEach
    void clearLog() {
        log().clear();
    }

    @Test
    void aLoopWithAnAwaitReadsEveryItemAGeneratorEmitsInOrder() {
        Object read = Tasks.run(() -> call("readAll", squares(5, 1)));

        assertEquals(List.of(1, 4, 9, 16, 25), read);
        assertEquals(List.of("generator finally"), log());
    }

    @Test
    void aGeneratorGetsNoFurtherAheadOfASlowConsumerThanItsBuffer() {
        int[] readAndLead = (int[]) Tasks.run(() -> call("leadOverASlowConsumer", 100, 3));

        assertEquals(100, readAndLead[0]);
        assertTrue(readAndLead[1] <= 3, "the generator got " + readAndLead[1] + " items ahead");
        assertTrue(readAndLead[1] >= 1, "the generator never used its buffer");
    }

    @Test
    void closingEarlyCancelsTheGeneratorAtItsPendingEmitSoItsFinallyRuns() {
        Object read = Tasks.run(() -> call("readFirst", squares(1000, 1), 3));

        assertEquals(List.of(1, 4, 9), read);
        assertEquals(List.of("generator finally"), log());
    }

    @Test
    void aLazyGeneratorRunsOnlyWhenAskedAndItsFinallyWhenAskedPastTheLastItem() {
        Object seen = Tasks.run(() -> call("consumeLazily", 3));

        assertEquals(List.of("created", "first ask", "produce 1", "got 1", "produce 2", "got 2", "produce 3", "got 3",
                "generator finally", "loop done"), seen);
    }

    @Test
    void leavingTheBlockAfterABreakClosesALazyGeneratorBeforeTheNextLine() {
        Object seen = Tasks.run(() -> call("breakOutOfALazyGenerator"));

        assertEquals(List.of("produce 1", "got 1", "produce 2", "got 2", "generator finally", "after the block"),
                seen);
    }

    @Test
    void aGeneratorWhoseCleanupFailsFailsItsClose() {
        assertEquals("close failed: cleanup failed", Tasks.run(() -> call("aFailingCleanupFailsTheClose")));
    }

    /**
     * A body that catches the close's cancellation (or every exception) and emits again is abandoned at that emit, and
     * the close fails saying so, rather than the body spinning on refused emits for ever.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void aBodyThatSwallowsItsCloseAndEmitsAgainIsAbandonedAndTheCloseSaysWhy(boolean buffered, boolean everything) {
        Object outcome = Tasks.run(() -> call("closeASwallower", buffered, everything));

        assertTrue(String.valueOf(outcome).matches("close failed after [12] swallowed: the async generator was"
                + " closed, and its body emitted again after catching the CancellationException that told it so;"
                + " it is abandoned at that emit.*"), String.valueOf(outcome));
    }

    @Test
    void closingALazyGeneratorThatNeverStartedRunsNothing() {
        AsyncIterator<Integer> never = AsyncIterator.generate(out -> {
            throw new AssertionError("the body ran");
        });

        assertTrue(never.closeAsync().toCompletableFuture().isDone());
        assertFalse(never.hasNext().join());
    }

    @Test
    void aGeneratorThatFailsFailsTheAwaitOfHasNextWithItsException() {
        Object outcome = Tasks.run(() -> call("readUntilFailure", failingAfter(3)));

        assertEquals("3 items, then generator failed", outcome);
    }

    @Test
    void aPublisherIsReadWithAwaitsAndNeverAskedForMoreThanThePrefetch() {
        ManualPublisher publisher = new ManualPublisher();
        AsyncIterator<Integer> items = AsyncIterator.from(publisher, 4);
        assertEquals(4, publisher.requested.get());
        CompletableFuture<Boolean> waiting = items.hasNext();
        assertFalse(waiting.isDone());

        for (int i = 0; i < 4; i++) {
            publisher.subscriber.onNext(i);
        }

        assertTrue(waiting.join());
        assertEquals(0, items.next());
        assertEquals(4, publisher.requested.get(), "nothing more asked before half the prefetch is read");
        assertTrue(items.hasNext().join());
        assertEquals(1, items.next());
        assertEquals(6, publisher.requested.get(), "two read, two more asked");
        publisher.subscriber.onComplete();
        assertTrue(items.hasNext().join());
        assertEquals(2, items.next());
        assertEquals(3, items.next());
        assertFalse(items.hasNext().join());
    }

    @Test
    void aPublisherErrorFailsHasNextAndClosingCancelsTheSubscription() {
        ManualPublisher failing = new ManualPublisher();
        AsyncIterator<Integer> items = AsyncIterator.from(failing, 2);
        CheckedFailure failure = new CheckedFailure("expected by the test");
        failing.subscriber.onError(failure);
        CompletionException failed = assertThrows(CompletionException.class, () -> items.hasNext().join());
        assertSame(failure, failed.getCause());

        ManualPublisher open = new ManualPublisher();
        AsyncIterator.from(open, 2).closeAsync();
        assertTrue(open.cancelled);
    }

    @Test
    void tenThousandItemsFromASubmissionPublisherOnAnotherThreadArriveInOrder() throws Exception {
        SubmissionPublisher<Integer> publisher = new SubmissionPublisher<>(ForkJoinPool.commonPool(), 16);
        AsyncIterator<Integer> items = AsyncIterator.from(publisher, 8);
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 10_000; i++) {
                publisher.submit(i);
            }
            publisher.close();
        });
        producer.start();

        Object read = Tasks.run(() -> call("readAll", items));

        producer.join();
        assertEquals(IntStream.range(0, 10_000).boxed().collect(Collectors.toList()), read);
    }

    @Test
    void aGeneratorPublishesOnlyWhatTheSubscriberRequestsThenCompletes() {
        Recorder recorder = new Recorder(2);
        Flow.Publisher<Integer> publisher = AsyncIterator.toPublisher(squares(5, 1));

        publisher.subscribe(recorder);

        assertEquals(List.of(1, 4), recorder.items, "two requested, two published");
        assertEquals(List.of(), recorder.ends, "more items to come");
        recorder.subscription.request(10);
        assertEquals(List.of(1, 4, 9, 16, 25), recorder.items);
        assertEquals(List.of("complete"), recorder.ends);
    }

    /** Rule 1.5: a finite stream ends with onComplete, which needs no request; the TCK requests exactly the count. */
    @Test
    void aSubscriberThatRequestedExactlyEveryItemIsToldTheEnd() {
        Recorder recorder = new Recorder(3);
        AsyncIterator.toPublisher(squares(3, 1)).subscribe(recorder);

        assertEquals(List.of(1, 4, 9), recorder.items);
        assertEquals(List.of("complete"), recorder.ends);
        assertEquals(List.of("generator finally"), log());
    }

    @Test
    void cancellingTheSubscriptionClosesTheGeneratorAndABadRequestIsAnError() {
        Recorder cancelling = new Recorder(1);
        AsyncIterator.toPublisher(squares(1000, 1)).subscribe(cancelling);
        cancelling.subscription.cancel();
        assertEquals(List.of("generator finally"), log());

        Recorder bad = new Recorder(0);
        AsyncIterator.toPublisher(squares(3, 1)).subscribe(bad);
        bad.subscription.request(0);
        assertEquals(1, bad.ends.size());
        assertTrue(bad.ends.get(0).startsWith("error java.lang.IllegalArgumentException"), bad.ends.toString());
    }

    @Test
    void aPublisherReadAndRepublishedKeepsEveryItemInOrderAcrossThreads() throws Exception {
        SubmissionPublisher<Integer> source = new SubmissionPublisher<>(ForkJoinPool.commonPool(), 8);
        Recorder recorder = new Recorder(7) {
            @Override
            public void onNext(Integer item) {
                super.onNext(item);
                if (items.size() % 7 == 0) {
                    subscription.request(7); // asks again from whatever thread delivered the item
                }
            }
        };
        AsyncIterator.toPublisher(AsyncIterator.from(source, 16)).subscribe(recorder);
        for (int i = 0; i < 10_000; i++) {
            source.submit(i);
        }
        source.close();

        assertEquals("complete", recorder.end.get(10, TimeUnit.SECONDS));
        assertEquals(IntStream.range(0, 10_000).boxed().collect(Collectors.toList()), recorder.items);
        assertEquals(1, recorder.ends.size());
    }

    /**
     * A {@code hasNext()} ended by a timeout leaves its take in the generator's queue; the next {@code hasNext()},
     * asked before the item comes, must get that item, not the one after it.
     */
    @Test
    void aHasNextEndedByATimeoutLosesNoItem() {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        AsyncIterator<Integer> generator = AsyncIterator.generate(1, emitter -> first
                .thenCompose(go -> emitter.emit(1))
                .thenCompose(emitted -> second)
                .thenCompose(go -> emitter.emit(2)));

        generator.hasNext().completeExceptionally(new TimeoutException("as orTimeout ends it"));
        CompletableFuture<Boolean> asked = generator.hasNext();
        first.complete(null);
        second.complete(null);

        assertTrue(asked.join());
        assertEquals(1, generator.next());
        assertTrue(generator.hasNext().join());
        assertEquals(2, generator.next());
        assertFalse(generator.hasNext().join());
    }

    /**
     * The body fails while the only {@code hasNext()} that asked has timed out: the next {@code hasNext()} fails
     * with the body's exception, once, and closing then reports nothing more; a close with nobody asking again
     * reports it.
     */
    @Test
    void aFailureAfterATimedOutHasNextIsGivenOnceToTheNextOneOrToTheClose() {
        IllegalStateException boom = new IllegalStateException("the body failed");
        for (boolean askAgain : new boolean[] {true, false}) {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            AsyncIterator<Integer> generator = AsyncIterator.generate(1,
                    emitter -> gate.thenCompose(go -> CompletableFuture.failedFuture(boom)));
            generator.hasNext().completeExceptionally(new TimeoutException("as orTimeout ends it"));
            gate.complete(null);

            if (askAgain) {
                CompletionException failed = assertThrows(CompletionException.class, generator.hasNext()::join);
                assertSame(boom, failed.getCause());
                assertFalse(generator.hasNext().join(), "given once");
                assertTrue(generator.closeAsync().toCompletableFuture().isDone());
                generator.closeAsync().toCompletableFuture().join(); // no second report
            } else {
                CompletionException failed = assertThrows(CompletionException.class,
                        generator.closeAsync().toCompletableFuture()::join);
                assertSame(boom, failed.getCause(), "the close reports what nobody was given");
            }
        }
    }

    /** A cancelled {@code hasNext()} cancels its take; the next one takes anew and gets the next item. */
    @Test
    void aHasNextAfterACancelledOneGetsTheNextItem() {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        AsyncIterator<Integer> generator = AsyncIterator.generate(1, emitter -> gate
                .thenCompose(go -> emitter.emit(7)));

        assertTrue(generator.hasNext().cancel(true));
        CompletableFuture<Boolean> asked = generator.hasNext();
        gate.complete(null);

        assertTrue(asked.join());
        assertEquals(7, generator.next());
    }

    /** A bad request while the publisher waits for an item that may never come is an error at once (rule 3.9). */
    @Test
    void aBadRequestWhileAnItemIsAwaitedIsAnErrorAtOnceAndClosesTheIterator() {
        Scripted never = new Scripted(new CompletableFuture<>());
        Recorder bad = new Recorder(1);
        AsyncIterator.toPublisher(never).subscribe(bad);

        bad.subscription.request(0);

        assertEquals(1, bad.ends.size(), bad.ends::toString);
        assertTrue(bad.ends.get(0).startsWith("error java.lang.IllegalArgumentException"), bad.ends.toString());
        assertEquals(1, never.closes.get());
    }

    /**
     * A cancel from another thread while the publisher is between the iterator's {@code hasNext()} and its {@code
     * next()}: the iterator is closed after, once, by the publisher's own loop, never under it.
     */
    @Test
    void aCancelFromAnotherThreadNeverClosesTheIteratorUnderThePublisher() {
        Scripted iterator = new Scripted(null);
        Recorder recorder = new Recorder(0);
        AsyncIterator.toPublisher(iterator).subscribe(recorder);
        iterator.duringHasNext = () -> {
            Thread canceller = new Thread(recorder.subscription::cancel, "canceller");
            canceller.start();
            try {
                canceller.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };

        recorder.subscription.request(1); // returns normally

        assertEquals(List.of(1), recorder.items);
        assertEquals(1, iterator.closes.get());
        assertEquals(List.of(), recorder.ends, "no signal after the cancel");
    }

    /**
     * Rule 2.7: the iterator's calls to its subscription are made one at a time, even when the consumer's
     * {@code next()} requests more while another thread closes the iterator.
     */
    @Test
    void aCloseFromAnotherThreadDoesNotCancelWhileTheConsumerRequests() throws Exception {
        java.util.concurrent.CountDownLatch requesting = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger cancels = new AtomicInteger();
        Flow.Publisher<Integer> publisher = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (inside.getAndIncrement() != 0) {
                    overlaps.incrementAndGet();
                }
                if (requests.incrementAndGet() == 1) {
                    subscriber.onNext(1);
                    subscriber.onNext(2);
                } else {
                    requesting.countDown();
                    sleep(300); // the closer calls closeAsync meanwhile
                }
                inside.decrementAndGet();
            }

            @Override
            public void cancel() {
                if (inside.getAndIncrement() != 0) {
                    overlaps.incrementAndGet();
                }
                cancels.incrementAndGet();
                inside.decrementAndGet();
            }
        });
        AsyncIterator<Integer> iterator = AsyncIterator.from(publisher, 2);
        assertTrue(iterator.hasNext().join());
        java.util.concurrent.atomic.AtomicBoolean closedWhileRequesting =
                new java.util.concurrent.atomic.AtomicBoolean();
        Thread closer = new Thread(() -> {
            await(requesting);
            iterator.closeAsync().toCompletableFuture().join();
            closedWhileRequesting.set(inside.get() == 1); // the close did not wait for the other thread's request
        }, "closer");
        closer.start();

        assertEquals(1, iterator.next()); // reads half the prefetch: requests one more
        closer.join(5000);

        assertFalse(closer.isAlive());
        assertEquals(2, requests.get());
        assertEquals(0, overlaps.get(), "cancel() called while request() was running");
        assertTrue(closedWhileRequesting.get(), "closeAsync() blocked until another thread's request() returned");
        assertEquals(1, cancels.get(), "the cancel was made once the request had returned");
    }

    /** A request that throws (rule 3.16 says it must not) ends the stream with that exception, after the items. */
    @Test
    void aRequestThatThrowsEndsTheStreamWithItsException() {
        AtomicInteger requests = new AtomicInteger();
        Flow.Publisher<Integer> publisher = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                if (requests.incrementAndGet() == 1) {
                    subscriber.onNext(1);
                    subscriber.onNext(2);
                } else {
                    throw new IllegalStateException("a broken request");
                }
            }

            @Override
            public void cancel() {
            }
        });
        AsyncIterator<Integer> iterator = AsyncIterator.from(publisher, 2);

        assertTrue(iterator.hasNext().join());
        assertEquals(1, iterator.next()); // requests one more, which throws
        assertTrue(iterator.hasNext().join());
        assertEquals(2, iterator.next());
        CompletionException failed = assertThrows(CompletionException.class, () -> iterator.hasNext().join());
        assertEquals("a broken request", failed.getCause().getMessage());
        assertTrue(iterator.closeAsync().toCompletableFuture().isDone());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A subscriber whose onNext throws (rule 2.13) has its subscription cancelled: the generator's finally runs. */
    @Test
    void aSubscriberThatThrowsIsCancelledAndTheGeneratorClosed() {
        Recorder throwing = new Recorder(2) {
            @Override
            public void onNext(Integer item) {
                throw new IllegalStateException("a broken subscriber");
            }
        };

        AsyncIterator.toPublisher(squares(1000, 1)).subscribe(throwing); // returns normally

        assertEquals(List.of("generator finally"), log());
        throwing.subscription.request(5);
        assertEquals(List.of(), throwing.ends, "nothing signalled after");
    }

    /** An iterator of the test's own: {@code hasNext()} answers {@code answer}, or true until it is closed. */
    private static final class Scripted implements AsyncIterator<Integer> {
        private final CompletableFuture<Boolean> answer;
        final AtomicInteger closes = new AtomicInteger();
        volatile boolean closed;
        /** Runs once, inside the first {@code hasNext()}, after its answer is fixed. */
        Runnable duringHasNext = () -> { };

        Scripted(CompletableFuture<Boolean> answer) {
            this.answer = answer;
        }

        @Override
        public CompletableFuture<Boolean> hasNext() {
            CompletableFuture<Boolean> next = answer != null ? answer : CompletableFuture.completedFuture(!closed);
            Runnable once = duringHasNext;
            duringHasNext = () -> { };
            once.run();
            return next;
        }

        @Override
        public Integer next() {
            if (closed) {
                throw new java.util.NoSuchElementException("closed under the publisher");
            }
            return 1;
        }

        @Override
        public CompletionStage<Void> closeAsync() {
            closes.incrementAndGet();
            closed = true;
            return CompletableFuture.completedFuture(null);
        }
    }

    private static AsyncIterator<Integer> squares(int count, int buffer) {
        return iterator("squares", count, buffer);
    }

    private static AsyncIterator<Integer> failingAfter(int count) {
        return iterator("failingAfter", count);
    }

    /** Calls a static fixture method that returns an iterator (not a stage). */
    @SuppressWarnings("unchecked")
    private static AsyncIterator<Integer> iterator(String method, Object... args) {
        try {
            for (java.lang.reflect.Method candidate : fixture.rewritten().loadClass("fx.Streams").getMethods()) {
                if (candidate.getName().equals(method) && candidate.getParameterCount() == args.length) {
                    return (AsyncIterator<Integer>) candidate.invoke(null, args);
                }
            }
            throw new AssertionError("no method " + method);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<Object> call(String method, Object... args) {
        return fixture.call(fixture.rewritten(), method, args);
    }

    @SuppressWarnings("unchecked")
    private static List<String> log() {
        return (List<String>) Fixtures.staticField(fixture, "fx.Streams", "LOG");
    }

    /** A publisher the test drives by hand, recording what was requested and whether it was cancelled. */
    private static final class ManualPublisher implements Flow.Publisher<Integer> {
        final AtomicLong requested = new AtomicLong();
        volatile boolean cancelled;
        Flow.Subscriber<? super Integer> subscriber;

        @Override
        public void subscribe(Flow.Subscriber<? super Integer> newSubscriber) {
            subscriber = newSubscriber;
            newSubscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    requested.addAndGet(n);
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            });
        }
    }

    /** Records what a publisher signals; asks for {@code initial} items on subscription. */
    private static class Recorder implements Flow.Subscriber<Integer> {
        final List<Integer> items = new ArrayList<>();
        final List<String> ends = new ArrayList<>();
        final CompletableFuture<String> end = new CompletableFuture<>();
        private final int initial;
        final AtomicInteger signals = new AtomicInteger();
        Flow.Subscription subscription;

        Recorder(int initial) {
            this.initial = initial;
        }

        @Override
        public void onSubscribe(Flow.Subscription newSubscription) {
            subscription = newSubscription;
            if (initial > 0) {
                newSubscription.request(initial);
            }
        }

        @Override
        public void onNext(Integer item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable failure) {
            ends.add("error " + failure);
            end.complete("error " + failure);
        }

        @Override
        public void onComplete() {
            ends.add("complete");
            end.complete("complete");
        }
    }
}
