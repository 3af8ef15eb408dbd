package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jawait.fixtures.F;
import dev.jawait.testing.AsyncFixture;
import dev.jawait.testing.FixtureCompiler;
import dev.jawait.transform.internal.RuntimeContract;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

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
    /** Returns of each factory of {@code CompletableFuture} that the first run leaves unchecked, without awaits. */
    private static final String FACTORIES = String.join("\n",
            "package fx;",
            "import dev.jawait.Async;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.concurrent.CompletionStage;",
            "public class Factories {",
            "  @Async static CompletableFuture<String> completedFuture() {",
            "    return CompletableFuture.completedFuture(\"x\");",
            "  }",
            "  @Async static CompletionStage<String> completedStage() {",
            "    return CompletableFuture.completedStage(\"x\");",
            "  }",
            "  @Async static CompletableFuture<String> failedFuture() {",
            "    return CompletableFuture.failedFuture(new IllegalStateException(\"x\"));",
            "  }",
            "  @Async static CompletionStage<String> failedStage() {",
            "    return CompletableFuture.failedStage(new IllegalStateException(\"x\"));",
            "  }",
            "  @Async static CompletableFuture<String> supplyAsync() {",
            "    return CompletableFuture.supplyAsync(() -> \"x\");",
            "  }",
            "  @Async static CompletableFuture<Void> runAsync() { return CompletableFuture.runAsync(() -> { }); }",
            "  @Async static CompletableFuture<Void> allOf() { return CompletableFuture.allOf(); }",
            "  @Async static CompletableFuture<Object> anyOf() {",
            "    return CompletableFuture.anyOf(CompletableFuture.completedFuture(\"x\"));",
            "  }",
            "}");
    private static final String EXPECTED = "threw NullPointerException: an @Async method returned null instead of a"
            + " CompletionStage (return completedFuture(value))";
    private static AsyncFixture fixture;
    private static AsyncFixture ecjFixture;

    @BeforeAll
    static void compile() {
        fixture = AsyncFixture.clean("fx.Nulls", SOURCE, 11);
        ecjFixture = AsyncFixture.clean("fx.Nulls", SOURCE, 8, FixtureCompiler.Kind.ECJ);
    }

    /** The same source from javac and from ecj, whose code around a return may differ. */
    static Stream<Arguments> compilers() {
        return Stream.of(Arguments.of("javac", fixture), Arguments.of("ecj", ecjFixture));
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("compilers")
    void aNullJoiningAFactoryResultAtTheReturnFailsTheFuture(String compiler, AsyncFixture compiled) {
        assertEquals(EXPECTED, describe(compiled.call(compiled.rewritten(), "ternaryWithoutAwaits", true)));
        assertEquals(EXPECTED, describe(compiled.call(compiled.rewritten(), "ternaryBeforeSuspending", true)));
        assertEquals("x", describe(compiled.call(compiled.rewritten(), "ternaryWithoutAwaits", false)));
        assertEquals("x", describe(compiled.call(compiled.rewritten(), "ternaryBeforeSuspending", false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compilers")
    void aNullFromAStaticMethodHidingTheFactoryFailsTheFuture(String compiler, AsyncFixture compiled) {
        assertEquals(EXPECTED, compiled.run("hidingFactory"));
    }

    /**
     * Only the returns that may return null are checked: not one right after {@code completedFuture}, nor a suspend
     * path's return of the frame. Each check is a call C1 inlines with the failure path behind it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("compilers")
    void onlyReturnsThatMayBeNullAreChecked(String compiler, AsyncFixture compiled) throws Exception {
        assertEquals("x", describe(compiled.call(compiled.rewritten(), "factoryReturns", true)));
        F.reset();
        assertEquals("y", describe(F.pump(() -> compiled.call(compiled.rewritten(), "factoryReturns", false))));
        assertEquals(0, returnChecks(compiled, "fx/Nulls", "factoryReturns"));
        assertEquals(1, returnChecks(compiled, "fx/Nulls", "beforeAnyAwait"));
        assertEquals(1, returnChecks(compiled, "fx/Nulls", "withoutAwaits"));
        assertEquals(1, returnChecks(compiled, "fx/Nulls", "ternaryWithoutAwaits"));
        assertEquals(1, returnChecks(compiled, "fx/Nulls", "ternaryBeforeSuspending"));
        assertEquals(1, returnChecks(compiled, "fx/Nulls", "hidingFactory"));
    }

    @Test
    void noFactoryOfCompletableFutureIsChecked() {
        AsyncFixture factories = AsyncFixture.clean("fx.Factories", FACTORIES, 11);
        for (String factory : List.of("completedFuture", "completedStage", "failedFuture", "failedStage",
                "supplyAsync", "runAsync", "allOf", "anyOf")) {
            assertEquals(0, returnChecks(factories, "fx/Factories", factory), factory);
        }
        assertEquals("threw IllegalStateException: x", factories.run("failedFuture"));
        assertEquals("x", factories.run("supplyAsync"));
    }

    /** How many calls to {@link RuntimeContract#RETURNED} the rewritten {@code method} (its first run) makes. */
    private static long returnChecks(AsyncFixture compiled, String owner, String method) {
        ClassNode rewritten = new ClassNode();
        new ClassReader(compiled.rewritten().bytes(owner)).accept(rewritten, 0);
        MethodNode code = rewritten.methods.stream()
                .filter(m -> m.name.equals(method) && !m.desc.contains("dev/jawait/internal/")) // not an inner entry
                .findFirst().orElseThrow();
        return Arrays.stream(code.instructions.toArray())
                .filter(insn -> insn instanceof MethodInsnNode
                        && ((MethodInsnNode) insn).name.equals(RuntimeContract.RETURNED.name())
                        && ((MethodInsnNode) insn).owner.equals(RuntimeContract.RETURNED.owner()))
                .count();
    }

    private static String describe(CompletableFuture<Object> future) {
        return future.handle((v, e) -> e == null ? String.valueOf(v)
                : "threw " + e.getClass().getSimpleName() + ": " + e.getMessage()).join();
    }
}
