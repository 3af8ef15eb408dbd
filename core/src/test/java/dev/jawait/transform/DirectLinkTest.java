package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.AsyncEvent;
import dev.jawait.AsyncLock;
import dev.jawait.AsyncQueue;
import dev.jawait.AsyncSemaphore;
import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rewritten await of one of jawait's own futures links the call to it directly (issue 12, item 2): the future
 * holds the suspended call in its waiter slot and has no JDK completion registered on it, and its completion
 * resumes the call. One case for each kind of jawait future a user awaits; a plain {@code CompletableFuture} is the
 * control that the count sees a registration.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DirectLinkTest {
    private static final String SOURCE = String.join("\n",
            "package fx;",
            "import static dev.jawait.Await.await;",
            "import dev.jawait.Async;",
            "import java.util.concurrent.CompletableFuture;",
            "public class Linking {",
            "    @Async",
            "    public static CompletableFuture<Object> awaitIt(CompletableFuture<?> awaited) {",
            "        Object value = await(awaited);",
            "        return CompletableFuture.completedFuture(\"got \" + value);",
            "    }",
            "    @Async",
            "    public static CompletableFuture<Integer> twice(CompletableFuture<Integer> awaited) {",
            "        return CompletableFuture.completedFuture(await(awaited) * 2);",
            "    }",
            "}");

    private static AsyncFixture fixture;

    @BeforeAll
    static void rewrite() {
        fixture = AsyncFixture.clean("fx.Linking", SOURCE, 17);
    }

    /** A pending future of some kind, and how to complete it. */
    private static final class Pending {
        final CompletableFuture<?> future;
        final Runnable complete;

        Pending(CompletableFuture<?> future, Runnable complete) {
            this.future = future;
            this.complete = complete;
        }
    }

    static Stream<Arguments> jawaitFutures() {
        return Stream.of(
                // Long enough that the assertions before it ends see it pending on a loaded machine.
                kind("Tasks.sleep", "got null", () -> new Pending(Tasks.sleep(2_000), () -> { })),
                kind("AsyncSemaphore.acquire", "got null", () -> {
                    AsyncSemaphore semaphore = new AsyncSemaphore(0);
                    return new Pending(semaphore.acquire(), semaphore::release);
                }),
                kind("AsyncLock.lock", "got null", () -> {
                    AsyncLock lock = new AsyncLock();
                    assertTrue(lock.tryLock());
                    return new Pending(lock.lock(), lock::unlock);
                }),
                kind("AsyncEvent.whenSet", "got null", () -> {
                    AsyncEvent event = new AsyncEvent();
                    return new Pending(event.whenSet(), event::set);
                }),
                kind("AsyncQueue.take", "got item", () -> {
                    AsyncQueue<String> queue = new AsyncQueue<>();
                    return new Pending(queue.take(), () -> queue.put("item"));
                }),
                kind("AsyncQueue.put", "got null", () -> {
                    AsyncQueue<String> queue = new AsyncQueue<>(1);
                    queue.put("first");
                    return new Pending(queue.put("second"), queue::take);
                }),
                kind("Tasks.spawn", "got spawned", () -> {
                    CompletableFuture<String> inside = new CompletableFuture<>();
                    return new Pending(Tasks.spawn(() -> inside), () -> inside.complete("spawned"));
                }),
                kind("Tasks.withTimeout", "got in time", () -> {
                    CompletableFuture<String> inside = new CompletableFuture<>();
                    return new Pending(Tasks.withTimeout(inside, Duration.ofSeconds(60)),
                            () -> inside.complete("in time"));
                }),
                kind("Tasks.toThread", "got from a thread", () -> {
                    CompletableFuture<Void> go = new CompletableFuture<>();
                    return new Pending(Tasks.toThread(() -> {
                        go.join();
                        return "from a thread";
                    }), () -> go.complete(null));
                }),
                kind("an @Async call", "got 42", () -> {
                    CompletableFuture<Integer> below = new CompletableFuture<>();
                    return new Pending(fixture.call(fixture.rewritten(), "twice", below), () -> below.complete(21));
                }));
    }

    private static Arguments kind(String name, String expected, Supplier<Pending> pending) {
        return Arguments.of(name, expected, pending);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jawaitFutures")
    void aSuspendedCallIsLinkedToTheJawaitFutureItAwaitsAndResumedByIt(String kind, String expected,
            Supplier<Pending> make) throws Exception {
        Pending pending = make.get();
        assertFalse(pending.future.isDone(), kind + " must be pending for the call to suspend on it");

        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "awaitIt", pending.future);

        assertFalse(call.isDone(), "the call suspends at its await");
        assertEquals(0, pending.future.getNumberOfDependents(),
                "the call is linked in the future's waiter slot, with no JDK registration");
        pending.complete.run();
        assertEquals(expected, call.get(10, TimeUnit.SECONDS));
    }

    /**
     * Each public way of completing a {@code CompletableFuture} (as {@code LinkableFutureTest} enumerates them by
     * reflection) resumes the call linked to each kind of jawait future, whose classes override some of them again.
     */
    static Stream<Arguments> kindsAndCompletions() {
        List<Arguments> cases = new ArrayList<>();
        for (Arguments kind : jawaitFutures().toArray(Arguments[]::new)) {
            String kindName = (String) kind.get()[0];
            @SuppressWarnings("unchecked")
            Supplier<Pending> make = (Supplier<Pending>) kind.get()[2];
            // One per kind: a trace or a suppressed exception jawait adds stays with that kind's cases.
            IllegalStateException failure = new IllegalStateException("failed " + kindName);
            cases.add(completion(kindName, make, "complete", f -> f.complete(null), "got null"));
            cases.add(completion(kindName, make, "completeExceptionally", f -> f.completeExceptionally(failure),
                    failure));
            cases.add(completion(kindName, make, "cancel", f -> f.cancel(true), CancellationException.class));
            cases.add(completion(kindName, make, "obtrudeValue", f -> f.obtrudeValue(null), "got null"));
            cases.add(completion(kindName, make, "obtrudeException", f -> f.obtrudeException(failure), failure));
            cases.add(completion(kindName, make, "completeAsync", f -> f.completeAsync(() -> null), "got null"));
            cases.add(completion(kindName, make, "completeAsync on an executor",
                    f -> f.completeAsync(() -> null, Runnable::run), "got null"));
            cases.add(completion(kindName, make, "completeAsync, the supplier throwing", f -> f.completeAsync(() -> {
                throw failure;
            }, Runnable::run), failure));
            cases.add(completion(kindName, make, "orTimeout", f -> f.orTimeout(1, TimeUnit.MILLISECONDS),
                    TimeoutException.class));
            cases.add(completion(kindName, make, "completeOnTimeout",
                    f -> f.completeOnTimeout(null, 1, TimeUnit.MILLISECONDS), "got null"));
        }
        return cases.stream();
    }

    private static Arguments completion(String kind, Supplier<Pending> make, String way,
            Consumer<CompletableFuture<Object>> complete, Object expected) {
        return Arguments.of(kind, way, make, complete, expected);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("kindsAndCompletions")
    @SuppressWarnings("unchecked")
    void everyWayOfCompletingAJawaitFutureResumesTheCallLinkedToIt(String kind, String way, Supplier<Pending> make,
            Consumer<CompletableFuture<Object>> complete, Object expected) throws Exception {
        Pending pending = make.get();
        try {
            CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "awaitIt", pending.future);
            assertFalse(call.isDone(), "suspended");
            assertEquals(0, pending.future.getNumberOfDependents(), "linked");

            complete.accept((CompletableFuture<Object>) pending.future);

            Object outcome = call.handle((value, thrown) -> value != null ? value
                    : thrown instanceof CompletionException ? thrown.getCause() : thrown).get(10, TimeUnit.SECONDS);
            if (expected instanceof Class) {
                assertEquals(expected, outcome.getClass(), kind + ", " + way);
            } else {
                assertEquals(expected, outcome, kind + ", " + way);
            }
        } finally {
            pending.complete.run(); // lets a thread that toThread started end
        }
    }

    /** The control: the count above does see a call registered the JDK's way, on a plain future. */
    @Test
    void aCallAwaitingAPlainFutureIsRegisteredOnItTheJdkWay() throws Exception {
        CompletableFuture<String> plain = new CompletableFuture<>();

        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "awaitIt", plain);

        assertEquals(1, plain.getNumberOfDependents());
        plain.complete("plain");
        assertEquals("got plain", call.get(10, TimeUnit.SECONDS));
    }

    /** A second call awaiting the same jawait future finds the slot taken and registers the JDK's way. */
    @Test
    void aSecondCallAwaitingTheSameJawaitFutureIsRegisteredTheJdkWay() throws Exception {
        AsyncEvent event = new AsyncEvent();
        CompletableFuture<Void> set = event.whenSet();

        CompletableFuture<Object> first = fixture.call(fixture.rewritten(), "awaitIt", set);
        assertEquals(0, set.getNumberOfDependents());
        CompletableFuture<Object> second = fixture.call(fixture.rewritten(), "awaitIt", set);

        assertEquals(1, set.getNumberOfDependents());
        event.set();
        assertEquals("got null", first.get(10, TimeUnit.SECONDS));
        assertEquals("got null", second.get(10, TimeUnit.SECONDS));
    }
}
