package dev.jawait.transform.internal;

import java.nio.charset.StandardCharsets;
import org.objectweb.asm.ClassReader;

/** Decides from the constant pool alone, without parsing methods, whether a class can concern jawait. */
public final class ConstantPoolScan {
    private static final byte[] AWAIT = Names.AWAIT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ASYNC = Names.ASYNC_DESC.getBytes(StandardCharsets.US_ASCII);
    /**
     * The marker of a class rewritten before: a class whose only async code was lambdas names neither of the others
     * once rewritten, and must still be seen as rewritten (its frame class files kept, its findings reported again).
     */
    private static final byte[] REWRITTEN = Names.REWRITTEN_DESC.getBytes(StandardCharsets.US_ASCII);
    private static final int CONSTANT_UTF8 = 1;

    private ConstantPoolScan() {
    }

    /** The part the names share: most classes do not contain it anywhere, which a plain byte search tells. */
    private static final byte[] COMMON = "dev/jawait/".getBytes(StandardCharsets.US_ASCII);

    /**
     * True if the class mentions {@code dev.jawait.Await} or the {@code @Async} annotation, or carries the marker of
     * a rewritten class.
     */
    public static boolean mentionsJawait(byte[] classFile) {
        if (!contains(classFile, COMMON)) {
            return false;
        }
        ClassReader reader = new ClassReader(classFile);
        for (int item = 1; item < reader.getItemCount(); item++) {
            int offset = reader.getItem(item);
            if (offset == 0 || classFile[offset - 1] != CONSTANT_UTF8) {
                continue;
            }
            int length = ((classFile[offset] & 0xFF) << 8) | (classFile[offset + 1] & 0xFF);
            if (equalsAt(classFile, offset + 2, length, AWAIT) || equalsAt(classFile, offset + 2, length, ASYNC)
                    || equalsAt(classFile, offset + 2, length, REWRITTEN)) {
                return true;
            }
        }
        return false;
    }

    /** Horspool's search: the agent runs it on every class that loads, so it skips ahead instead of byte by byte. */
    private static final int[] SKIP = skipTable(COMMON);

    private static int[] skipTable(byte[] part) {
        int[] skip = new int[256];
        java.util.Arrays.fill(skip, part.length);
        for (int i = 0; i < part.length - 1; i++) {
            skip[part[i] & 0xFF] = part.length - 1 - i;
        }
        return skip;
    }

    private static boolean contains(byte[] bytes, byte[] part) {
        int last = part.length - 1;
        for (int i = 0; i + last < bytes.length; i += SKIP[bytes[i + last] & 0xFF]) {
            int j = last;
            while (j >= 0 && bytes[i + j] == part[j]) {
                j--;
            }
            if (j < 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsAt(byte[] bytes, int start, int length, byte[] expected) {
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[start + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
