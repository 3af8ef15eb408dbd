package dev.jawait.agent;

import dev.jawait.transform.ClassHierarchy;
import dev.jawait.transform.Diagnostic;
import dev.jawait.transform.TransformResult;
import dev.jawait.transform.Transformer;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Rewrites classes as they load. Whatever goes wrong, the class loads as it was and one line says why: an exception
 * thrown out of a {@code ClassFileTransformer} is silently dropped by the JVM.
 */
final class AsyncClassFileTransformer implements ClassFileTransformer {
    private static final Object BOOTSTRAP = new Object();
    private final AgentOptions options;
    private final AgentLog log;
    private final Map<Object, Transformer> transformers = new WeakHashMap<>();

    AsyncClassFileTransformer(AgentOptions options, AgentLog log) {
        this.options = options;
        this.log = log;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        // The byte search first: it rules out nearly every class, before any allocation or lock.
        if (className == null || classBeingRedefined != null || !Transformer.mayConcernJawait(classfileBuffer)
                || !options.accepts(className.replace('/', '.'))) {
            return null;
        }
        try {
            TransformResult result = transformerFor(loader).transform(classfileBuffer, className);
            for (Diagnostic diagnostic : result.diagnostics()) {
                log.info(diagnostic.format()); // the severity is in the line, as in every front end's
            }
            if (!result.changed()) {
                return null;
            }
            if (options.verbose) {
                for (String method : result.rewrittenDescriptions()) {
                    log.info("rewrote " + method);
                }
            }
            dump(className, classfileBuffer, result.bytes());
            return result.bytes();
        } catch (Throwable t) {
            log.error("could not rewrite " + className.replace('/', '.') + "; it loads unchanged: " + t);
            return null;
        }
    }

    private synchronized Transformer transformerFor(ClassLoader loader) {
        return transformers.computeIfAbsent(loader == null ? BOOTSTRAP : loader,
                key -> new Transformer(ClassHierarchy.of(loader), options.transformOptions));
    }

    private void dump(String className, byte[] before, byte[] after) throws IOException {
        if (options.dumpDirectory == null) {
            return;
        }
        write(options.dumpDirectory.resolve("before").resolve(className + ".class"), before);
        write(options.dumpDirectory.resolve("after").resolve(className + ".class"), after);
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
