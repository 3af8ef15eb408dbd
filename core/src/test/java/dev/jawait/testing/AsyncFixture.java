package dev.jawait.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.Await;
import dev.jawait.fixtures.F;
import dev.jawait.internal.Failures;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One fixture class compiled from source, run rewritten (awaits suspend; the test thread completes pending futures)
 * and as javac made it (awaits block: the reference semantics). A case passes when both give the expected outcome.
 */
public final class AsyncFixture {
    private final String className;
    private final RewrittenClasses rewritten;
    private final RewrittenClasses reference;

    private AsyncFixture(String className, Map<String, byte[]> compiled) {
        this.className = className;
        this.rewritten = RewrittenClasses.rewrite(compiled);
        this.reference = RewrittenClasses.unchanged(compiled);
    }

    /** Compiles {@code source}, whose top-level class is {@code className} (binary name), and rewrites it. */
    public static AsyncFixture of(String className, String source, int release) {
        return new AsyncFixture(className, FixtureCompiler.compile(Map.of(className, source), release));
    }

    /** Like {@link #of}, and fails on any error diagnostic. */
    public static AsyncFixture clean(String className, String source, int release) {
        return clean(className, source, release, FixtureCompiler.Kind.JAVAC);
    }

    /** Compiles with the given compiler, rewrites, and fails on any error diagnostic. */
    public static AsyncFixture clean(String className, String source, int release, FixtureCompiler.Kind compiler) {
        AsyncFixture fixture = new AsyncFixture(className,
                FixtureCompiler.compile(Map.of(className, source), release, compiler));
        assertTrue(fixture.rewritten.diagnostics().isEmpty(), () -> "unexpected diagnostics:\n"
                + fixture.rewritten.diagnostics().stream().map(Object::toString).collect(Collectors.joining("\n")));
        return fixture;
    }

    public RewrittenClasses rewritten() {
        return rewritten;
    }

    /** Asserts that static method {@code method} (no arguments, returning a stage) ends with {@code expected}. */
    public void assertOutcome(String method, String expected) {
        assertEquals(expected, run(method), "rewritten: " + method);
        assertEquals(expected, reference(method), "reference: " + method);
    }

    /** The outcome of the rewritten method: its value as a string, or "threw " and the exception. */
    public String run(String method) {
        F.reset();
        try {
            CompletableFuture<Object> result = F.pump(() -> call(rewritten, method));
            return describe(result);
        } catch (SynchronousThrow e) {
            return describe(e.getCause()).replaceFirst("threw", "threw synchronously");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The outcome with the original bytecode, each await blocking. */
    public String reference(String method) {
        String before = System.getProperty(Await.BLOCKING_FALLBACK_PROPERTY);
        System.setProperty(Await.BLOCKING_FALLBACK_PROPERTY, "true");
        F.completeAtOnce(true);
        try {
            return onLargeStack(() -> {
                try {
                    return describe(call(reference, method));
                } catch (SynchronousThrow e) {
                    return describe(e.getCause());
                }
            });
        } finally {
            F.completeAtOnce(false);
            if (before == null) {
                System.clearProperty(Await.BLOCKING_FALLBACK_PROPERTY);
            } else {
                System.setProperty(Await.BLOCKING_FALLBACK_PROPERTY, before);
            }
        }
    }

    /** Calls the method and returns its future; a synchronous throw is reported as such. */
    public CompletableFuture<Object> call(RewrittenClasses classes, String method, Object... args) {
        try {
            Class<?> type = classes.loadClass(className);
            Method target = null;
            for (Method candidate : type.getDeclaredMethods()) {
                if (candidate.getName().equals(method) && !candidate.isSynthetic()
                        && candidate.getParameterCount() == args.length) {
                    target = candidate;
                }
            }
            if (target == null) {
                throw new AssertionError("no method " + method + " in " + className);
            }
            target.setAccessible(true);
            @SuppressWarnings("unchecked")
            CompletionStage<Object> stage = (CompletionStage<Object>) target.invoke(null, args);
            return stage == null ? null : stage.toCompletableFuture();
        } catch (InvocationTargetException e) {
            throw new SynchronousThrow(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Runs {@code reference} on a thread with a large stack. javac's code with each await blocking keeps every level
     * of a recursion on the stack, and the blocking fallback logs its first warning at the deepest one: on a default
     * stack that overflowed or not by what the JIT had compiled yet (2,500 levels, once, in a CI run on JDK 25). The
     * reference computes the expected outcome; how deep a stack it needs is not what it checks.
     */
    private static String onLargeStack(Supplier<String> reference) {
        String[] outcome = new String[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                outcome[0] = reference.get();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "reference run", 256L << 20);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (failure[0] instanceof Error) {
            throw (Error) failure[0];
        } else if (failure[0] != null) {
            throw (RuntimeException) failure[0];
        }
        return outcome[0];
    }

    private static String describe(CompletableFuture<Object> result) {
        try {
            return String.valueOf(result.get(20, TimeUnit.SECONDS));
        } catch (Exception e) {
            return describe(Failures.unwrap(e));
        }
    }

    private static String describe(Throwable t) {
        return "threw " + t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** A fixture method threw instead of returning a future. */
    private static final class SynchronousThrow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SynchronousThrow(Throwable cause) {
            super(cause);
        }
    }
}
