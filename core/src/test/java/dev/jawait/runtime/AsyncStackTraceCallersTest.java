package dev.jawait.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jawait.AsyncStackTrace;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a trace tells a call met again (the exception thrown anew) from another call. A chain 50,000 calls deep holds
 * calls whose identity hashes are equal often enough to fail a CI run now and then: the hash cannot be the test.
 */
class AsyncStackTraceCallersTest {

    @Test
    void twoCallsWithTheSameIdentityHashAreTwoCalls() {
        Object[] twins = twoObjectsWithOneIdentityHash();
        RuntimeException failure = new RuntimeException("boom");

        AsyncStackTrace.record(failure, twins[0], "Inner", "read", "Inner.java", 10);
        AsyncStackTrace.record(failure, twins[1], "Outer", "load", "Outer.java", 20);

        AsyncStackTrace trace = AsyncStackTrace.of(failure);
        assertNotNull(trace);
        assertArrayEquals(new String[] {"Inner.read", "Outer.load"}, methods(trace));
    }

    @Test
    void theSameCallMetAgainStartsTheTraceAfterIt() {
        Object inner = new Object();
        Object outer = new Object();
        RuntimeException failure = new RuntimeException("boom");

        AsyncStackTrace.record(failure, inner, "Inner", "read", "Inner.java", 10);
        AsyncStackTrace.record(failure, outer, "Outer", "load", "Outer.java", 20);
        AsyncStackTrace.record(failure, inner, "Inner", "read", "Inner.java", 12);

        assertArrayEquals(new String[] {"Outer.load", "Inner.read"}, methods(AsyncStackTrace.of(failure)));
    }

    /** A failure goes over RMI, to a Spark driver or a Gradle test report serialized, its async trace with it. */
    @Test
    void aFailureWithItsTraceIsSerializedAndGoesOnRecordingWhenReadBack() throws Exception {
        Object inner = new Object();
        RuntimeException failure = new RuntimeException("boom");
        AsyncStackTrace.record(failure, inner, "Inner", "read", "Inner.java", 10);

        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(failure);
        }
        RuntimeException readBack;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            readBack = (RuntimeException) in.readObject();
        }
        assertArrayEquals(new String[] {"Inner.read"}, methods(AsyncStackTrace.of(readBack)));
        AsyncStackTrace.record(readBack, new Object(), "Outer", "load", "Outer.java", 20);
        assertArrayEquals(new String[] {"Inner.read", "Outer.load"}, methods(AsyncStackTrace.of(readBack)));
    }

    private static String[] methods(AsyncStackTrace trace) {
        StackTraceElement[] elements = trace.getStackTrace();
        String[] methods = new String[elements.length];
        for (int i = 0; i < elements.length; i++) {
            methods[i] = elements[i].getClassName() + "." + elements[i].getMethodName();
        }
        return methods;
    }

    /** By the birthday bound, a few hundred thousand objects at most among 2^31 hashes; all kept alive while searched. */
    private static Object[] twoObjectsWithOneIdentityHash() {
        Map<Integer, Object> byHash = new HashMap<>();
        while (true) {
            Object candidate = new Object();
            Object earlier = byHash.putIfAbsent(System.identityHashCode(candidate), candidate);
            if (earlier != null) {
                return new Object[] {earlier, candidate};
            }
        }
    }
}
