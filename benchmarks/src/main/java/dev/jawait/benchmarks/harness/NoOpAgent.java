package dev.jawait.benchmarks.harness;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * A Java agent whose transformer changes nothing and looks at nothing: what any agent costs the JVM (every loaded
 * class is copied into a {@code byte[]} and handed to Java), so that {@link AgentLoadCost} can tell that floor from
 * jawait's own work.
 */
public final class NoOpAgent {
    private NoOpAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                    ProtectionDomain protectionDomain, byte[] classfileBuffer) {
                return null;
            }
        }, false);
    }
}
