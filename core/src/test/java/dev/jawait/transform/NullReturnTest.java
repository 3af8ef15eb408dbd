package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.testing.AsyncFixture;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code return null} from an @Async method is a mistake (Tascalate's users got a silent null); whether or not the
 * method suspended first, the caller gets a future failed with a NullPointerException that says so.
 */
class NullReturnTest {
    private static final String SOURCE = String.join("\n",
            "package fx;",
            "import static dev.jawait.Await.await;",
            "import static dev.jawait.fixtures.F.*;",
            "import dev.jawait.Async;",
            "import java.util.concurrent.CompletableFuture;",
            "public class Nulls {",
            "  @Async static CompletableFuture<String> beforeAnyAwait(boolean never) {",
            "    if (!never) { return null; }",
            "    return CompletableFuture.completedFuture(await(later(\"x\")));",
            "  }",
            "  @Async static CompletableFuture<String> afterAnAwait() {",
            "    await(later(\"x\"));",
            "    return null;",
            "  }",
            "  @Async static CompletableFuture<String> withoutAwaits() {",
            "    return null;",
            "  }",
            "  static class Mine<T> extends CompletableFuture<T> { }",
            "  @Async static Mine<String> subclassWithoutAwaits() {",
            "    return null;",
            "  }",
            "}");
    private static final String EXPECTED = "threw NullPointerException: an @Async method returned null instead of a"
            + " CompletionStage (return completedFuture(value))";
    private static AsyncFixture fixture;

    @BeforeAll
    static void compile() {
        fixture = AsyncFixture.clean("fx.Nulls", SOURCE, 11);
    }

    @Test
    void nullReturnedBeforeAnyAwaitFailsTheFuture() {
        assertEquals(EXPECTED, describe(fixture.call(fixture.rewritten(), "beforeAnyAwait", false)));
    }

    @Test
    void nullReturnedAfterAnAwaitFailsTheFuture() {
        assertEquals(EXPECTED, fixture.run("afterAnAwait"));
    }

    @Test
    void nullReturnedByAMethodWithoutAwaitsFailsTheFuture() {
        assertEquals(EXPECTED, fixture.run("withoutAwaits"));
        assertEquals(EXPECTED, fixture.run("subclassWithoutAwaits"));
    }

    private static String describe(CompletableFuture<Object> future) {
        return future.handle((v, e) -> e == null ? String.valueOf(v)
                : "threw " + e.getClass().getSimpleName() + ": " + e.getMessage()).join();
    }
}
