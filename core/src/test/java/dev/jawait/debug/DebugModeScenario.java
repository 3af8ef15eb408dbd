package dev.jawait.debug;

import dev.jawait.Tasks;
import dev.jawait.testing.AsyncFixture;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import javax.management.ObjectName;

/** Runs in a child JVM with -Djawait.debug=true (debug mode is fixed at start-up): prints what the test checks. */
public final class DebugModeScenario {
    private DebugModeScenario() {
    }

    public static void main(String[] args) throws Exception {
        String source = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
        AsyncFixture fixture = AsyncFixture.clean("fx.Debug", source, 11);

        System.out.println("slow: " + Tasks.run(() -> fixture.call(fixture.rewritten(), "slowStep")));
        System.out.println("first: " + Tasks.run(() -> Tasks.spawn(() -> fixture.call(fixture.rewritten(),
                "spinsBeforeItsFirstAwait"))));

        CompletableFuture<Object> read = fixture.call(fixture.rewritten(), "failing", "read by a join");
        try {
            read.join();
        } catch (RuntimeException expected) {
            System.out.println("joined: " + expected.getCause().getMessage());
        }
        read = null;
        dropUnread(fixture);
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(50);
        }

        CompletableFuture<String> never = new CompletableFuture<>();
        CompletableFuture<Object> outer = fixture.call(fixture.rewritten(), "outer", never);
        CompletableFuture<Object> keeps = fixture.call(fixture.rewritten(), "keeps", never, 3, 0.25, 1.5f, true,
                'x', "a name longer than eighty characters, which the dump cuts short so that one line stays one"
                        + " line", new int[] {1, 2}, new Shy());
        CompletableFuture<String> shyNever = new CompletableFuture<>() {
            @Override
            public String toString() {
                throw dev.jawait.internal.Failures.sneakyThrow(new java.io.IOException("a future with no text"));
            }
        };
        CompletableFuture<Object> shyWait = fixture.call(fixture.rewritten(), "inner", shyNever);
        Thread.sleep(20);
        System.out.println("DUMP");
        System.out.print(Tasks.dump());
        System.out.println("JMX");
        System.out.print(ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("dev.jawait:type=Tasks"),
                "dump", null, null));
        never.complete("done");
        shyNever.complete("done");
        shyWait.join();
        System.out.println("outer: " + outer.join());
        keeps.join();
        System.out.print(Tasks.dump());
    }

    private static void dropUnread(AsyncFixture fixture) throws Exception {
        CompletableFuture<Object> unread = fixture.call(fixture.rewritten(), "failing", "nobody read this");
        while (!unread.isDone()) {
            Thread.sleep(5);
        }
    }

    /** A value whose {@code toString} throws a checked exception: the dump shows that instead of failing. */
    static final class Shy {
        @Override
        public String toString() {
            throw dev.jawait.internal.Failures.sneakyThrow(new java.io.IOException("no text"));
        }
    }
}
