package dev.jawait.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct link between a waiter and a future of jawait's own: every way {@code CompletableFuture} lets a future
 * complete must wake the linked waiter, exactly once. The interleavings are proven by jawait-stress's jcstress tests;
 * this test proves the coverage, including against methods a later JDK adds.
 */
class LinkableFutureTest {
    /**
     * The public instance methods of {@code CompletableFuture} that can complete the future they are called on.
     * {@code LinkableFuture} overrides each of their overloads, but for those in {@link #COMPLETING_THROUGH_PUBLIC}.
     */
    private static final Set<String> COMPLETING = Set.of("complete", "completeExceptionally", "cancel",
            "obtrudeValue", "obtrudeException", "completeAsync", "orTimeout", "completeOnTimeout");
    /** Completing methods whose JDK code completes the future through {@code complete}/{@code completeExceptionally}. */
    private static final Set<String> COMPLETING_THROUGH_PUBLIC = Set.of("orTimeout", "completeOnTimeout");
    /** Those that only read the future, register on it, or make another one (JDK 17 to 25). */
    private static final Set<String> NOT_COMPLETING = Set.of("thenApply", "thenApplyAsync", "thenAccept",
            "thenAcceptAsync", "thenRun", "thenRunAsync", "thenCombine", "thenCombineAsync", "thenAcceptBoth",
            "thenAcceptBothAsync", "runAfterBoth", "runAfterBothAsync", "applyToEither", "applyToEitherAsync",
            "acceptEither", "acceptEitherAsync", "runAfterEither", "runAfterEitherAsync", "thenCompose",
            "thenComposeAsync", "whenComplete", "whenCompleteAsync", "handle", "handleAsync", "toCompletableFuture",
            "exceptionally", "exceptionallyAsync", "exceptionallyCompose", "exceptionallyComposeAsync", "isDone",
            "get", "join", "getNow", "resultNow", "exceptionNow", "state", "isCancelled", "isCompletedExceptionally",
            "getNumberOfDependents", "toString", "newIncompleteFuture", "defaultExecutor", "copy",
            "minimalCompletionStage");

    @Test
    void everyPublicMethodOfCompletableFutureIsKnownAndEveryCompletingOneWakesTheWaiter() throws Exception {
        Set<String> unknown = new TreeSet<>();
        List<String> notOverridden = new ArrayList<>();
        for (Method method : CompletableFuture.class.getDeclaredMethods()) {
            int modifiers = method.getModifiers();
            if (!Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers) || method.isSynthetic()) {
                continue;
            }
            String name = method.getName();
            if (COMPLETING.contains(name)) {
                if (!COMPLETING_THROUGH_PUBLIC.contains(name) && !overridden(method)) {
                    notOverridden.add(method.toString());
                }
            } else if (!NOT_COMPLETING.contains(name)) {
                unknown.add(method.toString());
            }
        }
        assertTrue(unknown.isEmpty(), "CompletableFuture has methods this test does not know; if one can complete"
                + " the future, LinkableFuture must wake the linked waiter after it: " + unknown);
        assertTrue(notOverridden.isEmpty(), "completing methods LinkableFuture does not override: " + notOverridden);
    }

    private static boolean overridden(Method method) {
        try {
            LinkableFuture.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    static Stream<Arguments> completions() {
        IllegalStateException failure = new IllegalStateException("failed");
        return Stream.of(
                completion("complete", f -> f.complete("value"), "value"),
                completion("completeExceptionally", f -> f.completeExceptionally(failure), failure),
                completion("cancel", f -> f.cancel(true), CancellationException.class),
                completion("obtrudeValue", f -> f.obtrudeValue("value"), "value"),
                completion("obtrudeException", f -> f.obtrudeException(failure), failure),
                completion("completeAsync(supplier)", f -> f.completeAsync(() -> "value"), "value"),
                completion("completeAsync(supplier, executor)", f -> f.completeAsync(() -> "value", Runnable::run),
                        "value"),
                completion("completeAsync, the supplier throwing", f -> f.completeAsync(() -> {
                    throw failure;
                }, Runnable::run), failure),
                completion("orTimeout", f -> f.orTimeout(1, TimeUnit.MILLISECONDS), TimeoutException.class),
                completion("completeOnTimeout", f -> f.completeOnTimeout("value", 1, TimeUnit.MILLISECONDS),
                        "value"));
    }

    private static Arguments completion(String name, Consumer<LinkableFuture<Object>> how, Object expected) {
        return Arguments.of(name, how, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("completions")
    void eachWayOfCompletingWakesTheLinkedWaiterOnce(String name, Consumer<LinkableFuture<Object>> how,
            Object expected) throws Exception {
        LinkableFuture<Object> future = new Plain();
        CountingWaiter waiter = new CountingWaiter();
        LinkableFuture.register(future, waiter);
        assertEquals(0, future.getNumberOfDependents(), "linked directly, not through whenComplete");

        how.accept(future);
        assertTrue(waiter.woken.await(10, TimeUnit.SECONDS), name + " did not wake the linked waiter");
        future.complete("too late");
        future.cancel(false);
        assertEquals(1, waiter.wakes.get());
        assertTrue(waiter.byLink);
        if (expected instanceof Class) {
            assertTrue(((Class<?>) expected).isInstance(waiter.failure), String.valueOf(waiter.failure));
        } else if (expected instanceof Throwable) {
            assertSame(expected, waiter.failure);
        } else {
            assertNull(waiter.failure);
            assertEquals(expected, waiter.value);
        }
    }

    @Test
    void aSecondWaiterAndALateOneGoThroughTheJdkRegistrationAndEveryOneIsWokenOnce() throws Exception {
        LinkableFuture<Object> future = new Plain();
        CountingWaiter first = new CountingWaiter();
        CountingWaiter second = new CountingWaiter();
        LinkableFuture.register(future, first);
        LinkableFuture.register(future, second);
        assertEquals(1, future.getNumberOfDependents());

        future.complete("value");
        CountingWaiter late = new CountingWaiter();
        LinkableFuture.register(future, late);
        for (CountingWaiter waiter : Arrays.asList(first, second, late)) {
            assertEquals(1, waiter.wakes.get());
            assertEquals("value", waiter.value);
        }
        assertTrue(first.byLink);
        assertTrue(!second.byLink && !late.byLink);
    }

    @Test
    void aWaiterLinkingAfterACompletionThatFoundNoWaiterWakesItselfOnceAndShutsTheSlot() {
        LinkableFuture<Object> future = new Plain();
        future.complete("value"); // nobody linked: the completion leaves the slot as it is
        CountingWaiter linked = new CountingWaiter();
        LinkableFuture.register(future, linked);
        assertEquals(1, linked.wakes.get());
        assertTrue(linked.byLink);
        assertEquals("value", linked.value);

        CountingWaiter after = new CountingWaiter();
        LinkableFuture.register(future, after);
        assertEquals(1, after.wakes.get());
        assertTrue(!after.byLink);
        assertEquals(1, linked.wakes.get());
    }

    @Test
    void aFailureReadByTheLinkedWaiterIsTheOneRaisedNotAWrapper() {
        LinkableFuture<Object> future = new Plain();
        CountingWaiter waiter = new CountingWaiter();
        LinkableFuture.register(future, waiter);
        IllegalStateException failure = new IllegalStateException("raised");
        future.completeExceptionally(new CompletionException(failure));
        assertSame(failure, waiter.failure);
    }

    @Test
    void aPlainCompletableFutureIsRegisteredOnAsBefore() {
        CompletableFuture<Object> future = new CompletableFuture<>();
        CountingWaiter waiter = new CountingWaiter();
        LinkableFuture.register(future, waiter);
        assertEquals(1, future.getNumberOfDependents());
        future.complete("value");
        assertEquals(1, waiter.wakes.get());
        assertTrue(!waiter.byLink);
    }

    private static final class Plain extends LinkableFuture<Object> {
    }

    /** Records how and how often it was woken, and what it read. */
    static final class CountingWaiter implements LinkedWaiter {
        final AtomicInteger wakes = new AtomicInteger();
        final CountDownLatch woken = new CountDownLatch(1);
        volatile boolean byLink;
        volatile Object value;
        volatile Throwable failure;

        @Override
        public void linkedCompleted(LinkableFuture<?> future) {
            byLink = true;
            failure = future.failureOnceDone();
            value = failure == null ? future.getNow(null) : null;
            woke();
        }

        @Override
        public void accept(Object value, Throwable failure) {
            this.value = value;
            this.failure = failure == null ? null : Failures.unwrap(failure);
            woke();
        }

        private void woke() {
            if (wakes.incrementAndGet() > 1) {
                fail("woken twice");
            }
            woken.countDown();
        }
    }

    /**
     * A thread that read a call in the slot of a future the call awaited, and was slow: another completion of that
     * future woke the call, which has since linked itself exclusively to an inner call's frame (see {@code
     * InnerEntryStress.StaleWakerAgainstExclusiveLink}). The mark on the call must not let that thread take it again;
     * only the callee's own completion may.
     */
    @Test
    void aCallLinkedExclusivelyToACalleeIsTakenOnlyByThatCallee() {
        Linked<Object> earlier = new Linked<>("earlier", new CompletableFuture<?>[0]);
        Frame callee = new Frame();
        callee.label = 1;
        callee.suspendDeferred(new CompletableFuture<>());
        Frame caller = new Frame();
        caller.label = 1;
        caller.suspend(callee);
        org.junit.jupiter.api.Assertions.assertFalse(caller.takeIfExclusive(earlier), "taken through another slot");
        assertTrue(caller.takeIfExclusive(callee), "taken by the callee it is linked to");
        assertEquals(1, caller.awaitNumber(), "the mark cleared");
    }

    /** A call frame with no body, to link and take. */
    private static final class Frame extends CallFrame {
        @Override
        public Object resumeBody() {
            return this;
        }

        @Override
        public String site() {
            return "Test|frame|Test.java|1";
        }
    }
}
