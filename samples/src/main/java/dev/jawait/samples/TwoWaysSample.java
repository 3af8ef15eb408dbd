package dev.jawait.samples;

import static dev.jawait.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jawait.Async;
import dev.jawait.Tasks;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;

/**
 * One program, run two ways: its classes rewritten by the Maven plugin at build time (no agent), or left as javac
 * made them and rewritten by {@code -javaagent} as they load. Both print the same lines but the first.
 */
public final class TwoWaysSample {
    private TwoWaysSample() {
    }

    @Async
    static CompletableFuture<String> countdown(int from) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i > 0; i--) {
            await(Tasks.sleep(10));
            out.append(i).append(' ');
        }
        return completedFuture(out.append("liftoff").toString());
    }

    public static String run(PrintStream out) {
        boolean agent = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(argument -> argument.startsWith("-javaagent:"));
        out.println(agent ? "rewritten by: the agent, as the classes loaded"
                : "rewritten by: jawait-maven-plugin, at build time (no agent)");
        String result = Tasks.run(() -> countdown(5));
        out.println(result);
        return result;
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
