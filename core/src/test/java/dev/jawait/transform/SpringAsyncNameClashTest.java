package dev.jawait.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.testing.FixtureCompiler;
import dev.jawait.testing.RewrittenClasses;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spring's {@code @Async} and jawait's share a simple name: jawait looks only at {@code dev.jawait.Async}, and leaves
 * Spring's annotation where it was for Spring to read.
 */
class SpringAsyncNameClashTest {
    /** A stand-in with the same name and shape as Spring's, so that no Spring jar is needed. */
    private static final String SPRING_ASYNC = String.join("\n",
            "package org.springframework.scheduling.annotation;",
            "import java.lang.annotation.*;",
            "@Target({ElementType.TYPE, ElementType.METHOD})",
            "@Retention(RetentionPolicy.RUNTIME)",
            "@Documented",
            "public @interface Async { String value() default \"\"; }");
    private static final String MAILER = String.join("\n",
            "package fx;",
            "import static dev.jawait.Await.await;",
            "import java.util.concurrent.CompletableFuture;",
            "public class Mailer {",
            "  // Both: Spring's proxy runs the call on its executor, jawait rewrites the body so that it can await.",
            "  @org.springframework.scheduling.annotation.Async(\"mailExecutor\")",
            "  @dev.jawait.Async",
            "  public CompletableFuture<String> send(CompletableFuture<String> address) {",
            "    String to = await(address);",
            "    return CompletableFuture.completedFuture(\"sent to \" + to);",
            "  }",
            "  // Spring's alone: jawait leaves the method as it is.",
            "  @org.springframework.scheduling.annotation.Async",
            "  public CompletableFuture<String> springOnly() {",
            "    return CompletableFuture.completedFuture(\"plain\");",
            "  }",
            "  // Spring's alone does not allow await: jawait reports it like any method that is not @Async.",
            "  @org.springframework.scheduling.annotation.Async",
            "  public CompletableFuture<String> springOnlyAwaits(CompletableFuture<String> value) {",
            "    return CompletableFuture.completedFuture(await(value));",
            "  }",
            "}");

    private static RewrittenClasses classes;
    private static Class<?> mailer;
    private static Class<? extends Annotation> springAsync;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void compileAndRewrite() throws Exception {
        classes = RewrittenClasses.rewrite(FixtureCompiler.compile(Map.of(
                "org.springframework.scheduling.annotation.Async", SPRING_ASYNC, "fx.Mailer", MAILER), 17));
        mailer = classes.loadClass("fx.Mailer");
        springAsync = (Class<? extends Annotation>) classes.loadClass(
                "org.springframework.scheduling.annotation.Async");
    }

    @Test
    void onlyTheMethodWithJawaitsAsyncIsRewritten() {
        assertEquals(List.of("fx/Mailer.send(Ljava/util/concurrent/CompletableFuture;)"
                + "Ljava/util/concurrent/CompletableFuture;"), classes.rewrittenMethods());
    }

    @Test
    void anAwaitUnderSpringsAsyncAloneIsReportedAsNotAsync() {
        List<String> messages = classes.diagnostics().stream().map(Object::toString).collect(Collectors.toList());
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith("fx/Mailer.java:[20] await in fx.Mailer.springOnlyAwaits("),
                messages.get(0));
        assertTrue(messages.get(0).contains("which is not @dev.jawait.Async;"), messages.get(0));
    }

    @Test
    void springsAnnotationStaysOnTheRewrittenMethodWhileJawaitsIsInvisibleAtRunTime() throws Exception {
        Method send = mailer.getMethod("send", CompletableFuture.class);
        Annotation spring = send.getAnnotation(springAsync);
        assertNotNull(spring);
        assertEquals("mailExecutor", springAsync.getMethod("value").invoke(spring));
        // jawait's annotation is read from the class file only (CLASS retention): reflection, Spring's included,
        // never sees it.
        assertNull(send.getAnnotation(dev.jawait.Async.class));
    }

    @Test
    void noMethodJawaitAddsCarriesSpringsAnnotationSoSpringProxiesNothingNew() {
        List<String> added = Arrays.stream(mailer.getDeclaredMethods())
                .filter(Method::isSynthetic)
                .map(Method::getName)
                .collect(Collectors.toList());
        assertFalse(added.isEmpty(), "the rewritten body lives in a synthetic method");
        for (Method method : mailer.getDeclaredMethods()) {
            if (method.isSynthetic()) {
                assertNull(method.getAnnotation(springAsync), method.toString());
            }
        }
    }

    @Test
    void theMethodWithBothAnnotationsSuspendsAtItsAwaitAndResumes() throws Exception {
        Object instance = mailer.getDeclaredConstructor().newInstance();
        CompletableFuture<String> address = new CompletableFuture<>();
        @SuppressWarnings("unchecked")
        CompletableFuture<String> sent = (CompletableFuture<String>) mailer.getMethod("send", CompletableFuture.class)
                .invoke(instance, address);
        assertFalse(sent.isDone(), "returned at the await instead of blocking the caller's thread");
        address.complete("ada@example.com");
        assertEquals("sent to ada@example.com", sent.join());
    }
}
