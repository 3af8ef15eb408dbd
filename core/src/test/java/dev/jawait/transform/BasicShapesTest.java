package dev.jawait.transform;

import dev.jawait.testing.AsyncFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BasicShapesTest {
    private static final String SOURCE = String.join("\n",
            "package fx;",
            "import dev.jawait.Async;",
            "import dev.jawait.fixtures.*;",
            "import static dev.jawait.Await.await;",
            "import static dev.jawait.fixtures.F.*;",
            "import java.util.concurrent.*;",
            "public class Basics {",
            "  @Async static CompletableFuture<String> sequence() {",
            "    String a = await(later(\"a\"));",
            "    String b = await(done(\"b\"));",
            "    String c = await(elsewhere(\"c\"));",
            "    return CompletableFuture.completedFuture(a + b + c);",
            "  }",
            "}");

    private static AsyncFixture fixture;

    @BeforeAll
    static void compile() {
        fixture = AsyncFixture.clean("fx.Basics", SOURCE, 17);
    }

    @Test
    void awaitsInSequenceResumeWithEachValue() {
        fixture.assertOutcome("sequence", "abc");
    }
}
