package dev.jawait.benchmarks.harness;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scenario 5a: the agent's cost on code that does not use jawait. Runs {@link LoadAllClasses} over a large jar in
 * fresh JVMs, in turn without an agent, with {@link NoOpAgent} (the cost of any agent) and with jawait's (so that drift
 * in the machine's load hits all three alike), and reports the time to load the jar's classes and the whole JVM's wall
 * time, each as all runs and their medians:
 * {@code java -cp benchmarks.jar dev.jawait.benchmarks.harness.AgentLoadCost jawait-agent.jar guava.jar 15}.
 */
public final class AgentLoadCost {
    private AgentLoadCost() {
    }

    public static void main(String[] args) throws Exception {
        String agentJar = args[0];
        String jar = args[1];
        int runs = Integer.parseInt(args[2]);
        long[] loadWithout = new long[runs];
        long[] loadWith = new long[runs];
        long[] loadNoOp = new long[runs];
        long[] wallWithout = new long[runs];
        long[] wallWith = new long[runs];
        long[] wallNoOp = new long[runs];
        String noOpAgentJar = NoOpAgentJar.write().toString();
        String countsWithout = null;
        String countsWith = null;
        run(null, jar); // warms the file cache and the CDS archive, not counted
        for (int i = 0; i < runs; i++) {
            Child plain = run(null, jar);
            Child noOp = run(noOpAgentJar, jar);
            Child agent = run(agentJar, jar);
            loadNoOp[i] = noOp.loadMicros;
            wallNoOp[i] = noOp.wallMicros;
            loadWithout[i] = plain.loadMicros;
            wallWithout[i] = plain.wallMicros;
            loadWith[i] = agent.loadMicros;
            wallWith[i] = agent.wallMicros;
            countsWithout = plain.counts;
            countsWith = agent.counts;
        }
        if (!countsWithout.equals(countsWith)) {
            throw new AssertionError("different classes loaded: " + countsWithout + " without the agent, "
                    + countsWith + " with it");
        }
        System.out.println(Json.object("scenario", "agent-load-cost", "jar", Path.of(jar).getFileName(),
                "classes", countsWith, "runs", runs,
                "loadMicrosWithout", loadWithout, "loadMicrosNoOpAgent", loadNoOp, "loadMicrosWith", loadWith,
                "wallMicrosWithout", wallWithout, "wallMicrosNoOpAgent", wallNoOp, "wallMicrosWith", wallWith,
                "medianLoadRatio", (double) median(loadWith) / median(loadWithout),
                "medianWallRatio", (double) median(wallWith) / median(wallWithout),
                "medianLoadRatioNoOpAgent", (double) median(loadNoOp) / median(loadWithout),
                "jvm", Runtime.version().toString()));
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Child run(String agentJar, String jar) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agentJar != null) {
            command.add("-javaagent:" + agentJar);
        }
        command.add("-Xshare:auto");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LoadAllClasses.class.getName());
        command.add(jar);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0 || !output.startsWith("loaded ")) {
            throw new IllegalStateException("the child JVM failed: " + output);
        }
        long wallMicros = (System.nanoTime() - start) / 1000;
        String[] fields = output.split(" ");
        return new Child(fields[1] + " loaded, " + fields[3] + " failed", Long.parseLong(fields[5]) / 1000,
                wallMicros);
    }

    /** What one child JVM reported. */
    private static final class Child {
        final String counts;
        final long loadMicros;
        final long wallMicros;

        Child(String counts, long loadMicros, long wallMicros) {
            this.counts = counts;
            this.loadMicros = loadMicros;
            this.wallMicros = wallMicros;
        }
    }
}
