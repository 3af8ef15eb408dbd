package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.AsyncFixture;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Each rewritten method has a frame class of its own with exactly the typed fields its awaits keep, defined at the
 * method's first suspension (as under the agent: the test loader has no file for it), never before.
 */
class FrameClassTest {
    private static final String FRAMES = "fx.Frames$jawait$Frame";

    private static AsyncFixture fresh() throws Exception {
        return AsyncFixture.clean("fx.Frames", FixtureSuiteTest.source("Frames"), 11);
    }

    private static boolean anyFrameClassLoaded(AsyncFixture fixture) {
        return fixture.rewritten().hasLoaded(FRAMES + 0) || fixture.rewritten().hasLoaded(FRAMES + 1);
    }

    @Test
    void aCallThatDoesNotSuspendLoadsNoFrameClass() throws Exception {
        AsyncFixture fixture = fresh();
        assertEquals(8, fixture.call(fixture.rewritten(), "neverSuspends", 7).join());
        assertFalse(anyFrameClassLoaded(fixture));
    }

    @Test
    void aSuspendedCallsFrameHasExactlyTheSlotsItsAwaitKeeps() throws Exception {
        AsyncFixture fixture = fresh();
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        CompletableFuture<Object> call = fixture.call(fixture.rewritten(), "holdsFour", gate, 1, 2L, "abc", "d");
        assertFalse(call.isDone());

        Class<?> frameClass = call.getClass();
        assertTrue(frameClass.getName().startsWith(FRAMES), frameClass.getName());
        assertEquals("fx", frameClass.getPackageName());
        assertTrue(Modifier.isFinal(frameClass.getModifiers()) && frameClass.isSynthetic());
        assertEquals("dev.jawait.internal.CallFrame", frameClass.getSuperclass().getName());
        Map<String, Class<?>> fields = new TreeMap<>();
        for (Field field : frameClass.getDeclaredFields()) {
            fields.put(field.getName(), field.getType());
        }
        // a in an int, b in a long, c and d in references; the gate is dead after the await and not kept.
        assertEquals(Map.of("i0", int.class, "j0", long.class, "l0", Object.class, "l1", Object.class), fields);

        gate.complete(10);
        assertEquals(1L + 2 + 3 + 1 + 10, call.join());
    }

    /**
     * Forty bytes for a frame that keeps one {@code int}: besides {@code CompletableFuture}'s two fields and its
     * slots, a frame has four (the waiter slot, one state field, the label and the shared ambient). A field added
     * here costs every suspended call; docs/benchmarks.md's memory targets depend on this count.
     */
    @Test
    void aFrameAddsFourFieldsToTheFuture() throws Exception {
        Set<String> inherited = new TreeSet<>();
        for (Class<?> type = Class.forName("dev.jawait.internal.CallFrame"); type != CompletableFuture.class;
                type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    inherited.add(type.getSimpleName() + "." + field.getName());
                }
            }
        }
        assertEquals(Set.of("LinkableFuture.waiter", "TaskFuture.state", "CallFrame.label", "CallFrame.ambient"),
                inherited);
    }

    /** The body hands its value back to the frame itself; none may be taken for the stage the body returned. */
    @Test
    void valuesReturnedAfterAResumptionKeepTheirMeaning() throws Exception {
        AsyncFixture fixture = fresh();
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<Object> future = fixture.call(fixture.rewritten(), "returnsAFutureAsItsValue", gate);
        CompletableFuture<Object> nullValue = fixture.call(fixture.rewritten(), "returnsNullAfterResuming", gate);
        CompletableFuture<Object> nullFuture = fixture.call(fixture.rewritten(), "returnsANullFuture", gate);
        gate.complete("done");

        assertEquals("done!", ((CompletableFuture<?>) future.join()).join());
        assertNull(nullValue.join());
        CompletionException failed = assertThrows(CompletionException.class, nullFuture::join);
        assertInstanceOf(NullPointerException.class, failed.getCause());
    }
}
