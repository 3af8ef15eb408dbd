package dev.jawait.runtime;

import dev.jawait.testing.AsyncFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the runtime tests' fixture sources and reads their static state. */
final class Fixtures {
    private Fixtures() {
    }

    /** Compiles and rewrites {@code fixtures/NAME.java}, whose class is {@code fx.NAME}. */
    static AsyncFixture compile(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + ".java")) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return AsyncFixture.clean("fx." + name, new String(in.readAllBytes(), StandardCharsets.UTF_8), 17);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of a static field of the rewritten fixture class. */
    static Object staticField(AsyncFixture fixture, String className, String field) {
        try {
            return fixture.rewritten().loadClass(className).getField(field).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
