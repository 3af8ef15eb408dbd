package dev.jawait.agent;

import dev.jawait.Await;
import java.io.File;
import java.net.URI;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;

/** What the agent's integration tests share: in-memory sources for javac, and where jawait's runtime classes are. */
final class TestSources {
    private TestSources() {
    }

    static JavaFileObject source(String className, String text) {
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
    }

    /** The folder or jar jawait-core's classes come from in this build. */
    static File coreClasses() {
        try {
            return new File(Await.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
