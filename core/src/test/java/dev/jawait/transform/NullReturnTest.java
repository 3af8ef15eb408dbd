package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.testing.AsyncFixture;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
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
            // Not checked at run time: a return right after a CompletableFuture factory (see WrapFailures).
            "  @Async static CompletableFuture<String> factoryReturns(boolean first) {",
            "    if (first) { return CompletableFuture.completedFuture(await(done(\"x\"))); }",
            "    return CompletableFuture.completedFuture(await(later(\"y\")));",
            "  }",
            // Checked: a ternary joins two values at the return, and a static method hiding the factory's name.
            "  @Async static CompletableFuture<String> ternaryWithoutAwaits(boolean none) {",
            "    return none ? null : CompletableFuture.completedFuture(\"x\");",
            "  }",
            "  @Async static CompletableFuture<String> ternaryBeforeSuspending(boolean none) {",
            "    String value = await(done(\"x\"));",
            "    return none ? null : CompletableFuture.completedFuture(value);",
            "  }",
            "  static class Nulling<T> extends CompletableFuture<T> {",
            "    public static <U> CompletableFuture<U> completedFuture(U value) { return null; }",
            "  }",
            "  @Async static CompletableFuture<String> hidingFactory() {",
            "    return Nulling.completedFuture(await(done(\"x\")));",
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

    @Test
    void aNullJoiningAFactoryResultAtTheReturnFailsTheFuture() {
        assertEquals(EXPECTED, describe(fixture.call(fixture.rewritten(), "ternaryWithoutAwaits", true)));
        assertEquals(EXPECTED, describe(fixture.call(fixture.rewritten(), "ternaryBeforeSuspending", true)));
        assertEquals("x", describe(fixture.call(fixture.rewritten(), "ternaryWithoutAwaits", false)));
        assertEquals("x", describe(fixture.call(fixture.rewritten(), "ternaryBeforeSuspending", false)));
    }

    @Test
    void aNullFromAStaticMethodHidingTheFactoryFailsTheFuture() {
        assertEquals(EXPECTED, fixture.run("hidingFactory"));
    }

    /**
     * Only the returns that may return null are checked: not one right after {@code completedFuture}, nor a suspend
     * path's return of the frame. Each check is a call C1 inlines with the failure path behind it.
     */
    @Test
    void onlyReturnsThatMayBeNullAreChecked() {
        assertEquals("x", describe(fixture.call(fixture.rewritten(), "factoryReturns", true)));
        assertEquals(0, returnChecks("factoryReturns"));
        assertEquals(1, returnChecks("beforeAnyAwait"));
        assertEquals(1, returnChecks("ternaryBeforeSuspending"));
        assertEquals(1, returnChecks("hidingFactory"));
    }

    /** How many calls to {@code AwaitSupport.returned} the rewritten {@code method} (its first run) makes. */
    private static long returnChecks(String method) {
        ClassNode rewritten = new ClassNode();
        new ClassReader(fixture.rewritten().bytes("fx/Nulls")).accept(rewritten, 0);
        MethodNode code = rewritten.methods.stream()
                .filter(m -> m.name.equals(method) && !m.desc.contains("dev/jawait/internal/")) // not an inner entry
                .findFirst().orElseThrow();
        return Arrays.stream(code.instructions.toArray())
                .filter(insn -> insn instanceof MethodInsnNode && ((MethodInsnNode) insn).name.equals("returned")
                        && ((MethodInsnNode) insn).owner.equals("dev/jawait/internal/AwaitSupport"))
                .count();
    }

    private static String describe(CompletableFuture<Object> future) {
        return future.handle((v, e) -> e == null ? String.valueOf(v)
                : "threw " + e.getClass().getSimpleName() + ": " + e.getMessage()).join();
    }
}
