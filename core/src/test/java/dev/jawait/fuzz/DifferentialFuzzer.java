package dev.jawait.fuzz;

import dev.jawait.Await;
import dev.jawait.fixtures.F;
import dev.jawait.internal.Failures;
import dev.jawait.testing.FixtureCompiler;
import dev.jawait.testing.RewrittenClasses;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Generates programs, runs each rewritten and as javac made it (awaits blocking), and records every difference in
 * outcome or trace, every class the checks reject, and every crash.
 */
final class DifferentialFuzzer {
    private static final int BATCH = 40;
    private static final String CRASHED = "crashed: ";

    /** A program whose two runs disagreed (or that could not be rewritten, verified or run). */
    static final class Divergence {
        final long seed;
        final int release;
        String compiler = "";
        final String source;
        final String problem;

        Divergence(long seed, int release, String source, String problem) {
            this.seed = seed;
            this.release = release;
            this.source = source;
            this.problem = problem;
        }

        @Override
        public String toString() {
            return "program seed " + seed + " at --release " + release + " by " + compiler + ": " + problem;
        }
    }

    private final int[] releases;
    private final List<Divergence> divergences = new ArrayList<>();
    /** Programs whose unmodified class files the JVM rejects: a bug of the compiler, not of jawait. */
    private final List<Divergence> compilerBugs = new ArrayList<>();
    private int programsRun;
    private int programsThatThrew;
    /** Nanoseconds spent generating, compiling, rewriting and checking, and running: where a run's time goes. */
    final long[] phaseNanos = new long[4];

    private final Path saveTo;

    /** @param saveTo where each divergent program is written as soon as it is found (null: nowhere) */
    DifferentialFuzzer(int[] releases, Path saveTo) {
        this.releases = releases;
        this.saveTo = saveTo;
    }

    /** Runs {@code count} programs, the first from {@code seed}, the next from seed + 1, and so on. */
    void run(long seed, int count) {
        for (int start = 0; start < count; start += BATCH) {
            int size = Math.min(BATCH, count - start);
            int batch = start / BATCH;
            int release = releases[batch % releases.length];
            // Every other round of releases is compiled by ecj, whose bytecode differs from javac's.
            FixtureCompiler.Kind compiler = (batch / releases.length) % 2 == 0 ? FixtureCompiler.Kind.JAVAC
                    : FixtureCompiler.Kind.ECJ;
            runBatch(seed + start, size, release, compiler);
            if ((start / BATCH) % 50 == 49) {
                System.out.printf("fuzz: %d programs run, %d divergent%n", programsRun, divergences.size());
            }
        }
    }

    /** Runs the one program of {@code seed}, at {@code release}, compiled by {@code compiler}: a divergence again. */
    void replay(long seed, int release, FixtureCompiler.Kind compiler) {
        runBatch(seed, 1, release, compiler);
    }

    private FixtureCompiler.Kind currentCompiler = FixtureCompiler.Kind.JAVAC;

    /** Sets aside a program the compiler got wrong, naming the compiler as {@link #record} does. */
    private void setAside(Divergence compilerBug) {
        compilerBug.compiler = currentCompiler.name();
        compilerBugs.add(compilerBug);
    }

    private void record(Divergence divergence) {
        divergence.compiler = currentCompiler.name();
        divergences.add(divergence);
        if (saveTo == null) {
            return;
        }
        try {
            Files.createDirectories(saveTo);
            Files.write(saveTo.resolve("seed-" + divergence.seed + "-release-" + divergence.release + "-"
                    + divergence.compiler + ".txt"),
                    (divergence.problem + "\n\n" + divergence.source).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    int programsRun() {
        return programsRun;
    }

    /** Programs whose outcome was an exception (the rest returned a value): both kinds must be common. */
    int programsThatThrew() {
        return programsThatThrew;
    }

    List<Divergence> divergences() {
        return divergences;
    }

    List<Divergence> compilerBugs() {
        return compilerBugs;
    }

    private void runBatch(long firstSeed, int size, int release, FixtureCompiler.Kind compiler) {
        currentCompiler = compiler;
        long t0 = System.nanoTime();
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, Long> seeds = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            long seed = firstSeed + i;
            String name = "P" + Long.toUnsignedString(seed);
            sources.put("fz." + name, new ProgramGenerator(seed, release).generate(name));
            seeds.put("fz." + name, seed);
        }
        long t1 = System.nanoTime();
        phaseNanos[0] += t1 - t0;
        Map<String, byte[]> compiled;
        try {
            compiled = compileWithin(sources, release, compiler);
        } catch (IllegalArgumentException notJava) {
            // A generator bug, not a jawait bug: report it all the same, with the first program of the batch.
            record(new Divergence(firstSeed, release, sources.values().iterator().next(),
                    "generated source does not compile: " + notJava.getMessage()));
            return;
        } catch (java.util.concurrent.TimeoutException hung) {
            // Seen once with ecj in a 100,000-program run: its compile thread died and the compile never returned.
            // The batch says nothing about jawait; set its programs aside, counted, so that the run goes on.
            seeds.forEach((className, seed) -> setAside(new Divergence(seed, release,
                    sources.get(className), "the compiler did not finish the batch in " + COMPILE_SECONDS + " s")));
            return;
        }
        dropProgramsTheCompilerGotWrong(compiled, sources, seeds, release);
        long t2 = System.nanoTime();
        phaseNanos[1] += t2 - t1;
        RewrittenClasses rewritten;
        try {
            rewritten = RewrittenClasses.rewrite(compiled);
        } catch (Throwable rejected) {
            record(new Divergence(firstSeed, release, String.join("\n", sources.values()),
                    "rewriting or checking failed: " + rejected));
            return;
        }
        if (!rewritten.diagnostics().isEmpty()) {
            record(new Divergence(firstSeed, release, String.join("\n", sources.values()),
                    "diagnostics: " + rewritten.diagnostics()));
        }
        long t3 = System.nanoTime();
        phaseNanos[2] += t3 - t2;
        RewrittenClasses reference = RewrittenClasses.unchanged(compiled);
        for (Map.Entry<String, String> program : sources.entrySet()) {
            String className = program.getKey();
            String expected = outcome(reference, className, true);
            if (expected.startsWith(CRASHED + "java.lang.VerifyError")) {
                // The compiler's own output does not verify: nothing to compare (seen with ecj, see the README).
                setAside(new Divergence(seeds.get(className), release, program.getValue(), expected));
                continue;
            }
            String actual = outcome(rewritten, className, false);
            programsRun++;
            if (actual.startsWith("threw ")) {
                programsThatThrew++;
            }
            if (actual.startsWith(CRASHED) || expected.startsWith(CRASHED) || !actual.equals(expected)) {
                record(new Divergence(seeds.get(className), release, program.getValue(),
                        "rewritten: " + actual + "\n   reference: " + expected));
            }
        }
        phaseNanos[3] += System.nanoTime() - t3;
    }

    /** How long a batch may take to compile before it is set aside: a hung compiler must not end a long run. */
    private static final int COMPILE_SECONDS = 300;

    /**
     * Compiles a batch; throws {@link IllegalArgumentException} if the compiler refuses it. A batch javac refuses in
     * this JVM is compiled again by a javac of its own process before it counts as refused: this long-lived JVM's javac
     * has refused batches that the same javac compiles in a fresh JVM (counted apart, in {@link
     * #batchesCompiledInNewProcess}).
     */
    private Map<String, byte[]> compileWithin(Map<String, String> sources, int release,
            FixtureCompiler.Kind compiler) throws java.util.concurrent.TimeoutException {
        try {
            return compileOnThread(sources, release, compiler);
        } catch (IllegalArgumentException refused) {
            if (compiler != FixtureCompiler.Kind.JAVAC) {
                throw refused;
            }
            try {
                Map<String, byte[]> compiled = FixtureCompiler.compileInNewProcess(sources, release);
                batchesCompiledInNewProcess++;
                System.out.printf("fuzz: javac refused the batch of %s at release %d in this JVM and compiled it"
                        + " in a new process (%s)%n", sources.keySet().iterator().next(), release,
                        firstProblem(refused.getMessage()));
                return compiled;
            } catch (IllegalArgumentException refusedThere) {
                throw refused;
            }
        }
    }

    /** The first problem a refusal names: the line after its heading. */
    private static String firstProblem(String refusal) {
        String[] lines = refusal.split("\n");
        return lines.length > 1 ? lines[1] : refusal;
    }

    /** Batches javac refused in this JVM and compiled in a process of its own. */
    private int batchesCompiledInNewProcess;

    int batchesCompiledInNewProcess() {
        return batchesCompiledInNewProcess;
    }

    /** Compiles on a thread of its own, given up after {@link #COMPILE_SECONDS} (the thread, if hung, is left). */
    private static Map<String, byte[]> compileOnThread(Map<String, String> sources, int release,
            FixtureCompiler.Kind compiler) throws java.util.concurrent.TimeoutException {
        CompletableFuture<Map<String, byte[]>> compiled = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                compiled.complete(FixtureCompiler.compile(sources, release, compiler));
            } catch (Throwable t) {
                compiled.completeExceptionally(t);
            }
        }, "fuzz-compile");
        thread.setDaemon(true);
        thread.start();
        try {
            return compiled.get(COMPILE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw Failures.sneakyThrow(e.getCause());
        }
    }

    /**
     * ecj has been seen to write class files that neither ASM nor the JVM can read (a stack map frame past the end
     * of a method), and class files the JVM's verifier rejects (a stack map that does not match the code); such a
     * program says nothing about jawait, and would spoil the checks of its whole batch.
     */
    private void dropProgramsTheCompilerGotWrong(Map<String, byte[]> compiled, Map<String, String> sources,
            Map<String, Long> seeds, int release) {
        for (String className : new ArrayList<>(sources.keySet())) {
            String internal = className.replace('.', '/');
            boolean readable = true;
            for (Map.Entry<String, byte[]> entry : compiled.entrySet()) {
                if (entry.getKey().equals(internal) || entry.getKey().startsWith(internal + "$")) {
                    try {
                        new org.objectweb.asm.ClassReader(entry.getValue())
                                .accept(new org.objectweb.asm.tree.ClassNode(), 0);
                    } catch (RuntimeException unreadable) {
                        readable = false;
                    }
                }
            }
            String problem = readable ? null : "the compiler wrote a class file ASM cannot read";
            if (readable) {
                try {
                    Class.forName(className, true, RewrittenClasses.unchanged(compiled));
                } catch (VerifyError | ClassFormatError rejected) {
                    problem = "the JVM rejects the compiler's own class file: " + rejected;
                } catch (Throwable other) {
                    // not the verifier: a failing initializer shows up in both runs, where it is compared
                }
            }
            if (problem != null) {
                setAside(new Divergence(seeds.get(className), release, sources.get(className), problem));
                compiled.keySet().removeIf(name -> name.equals(internal) || name.startsWith(internal + "$"));
                sources.remove(className);
            }
        }
    }

    private static String outcome(RewrittenClasses classes, String className, boolean blocking) {
        F.reset();
        F.completeAtOnce(blocking);
        if (blocking) {
            System.setProperty(Await.BLOCKING_FALLBACK_PROPERTY, "true");
        }
        try {
            Class<?> type = classes.loadClass(className);
            CompletableFuture<Object> result = F.pump(() -> start(type));
            String value;
            try {
                value = String.valueOf(result.get(30, TimeUnit.SECONDS));
            } catch (Exception e) {
                Throwable failure = Failures.unwrap(e);
                value = "threw " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
            }
            java.lang.reflect.Field log = type.getDeclaredField("log");
            log.setAccessible(true);
            return value + " | log=" + log.get(null);
        } catch (Throwable t) {
            return CRASHED + t;
        } finally {
            F.completeAtOnce(false);
            System.clearProperty(Await.BLOCKING_FALLBACK_PROPERTY);
        }
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Object> start(Class<?> type) {
        try {
            return ((CompletionStage<Object>) type.getMethod("run").invoke(null)).toCompletableFuture();
        } catch (InvocationTargetException e) {
            CompletableFuture<Object> failed = new CompletableFuture<>();
            failed.completeExceptionally(e.getCause());
            return failed;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
