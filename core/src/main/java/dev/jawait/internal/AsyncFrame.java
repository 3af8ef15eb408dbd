package dev.jawait.internal;

/**
 * The frame of rewritten-code format 2, kept so that classes rewritten by an earlier jawait keep running: one class
 * for every method, with generic typed slots (four {@code int}, two {@code long} and six reference fields, then
 * overflow arrays), and the method's resumer and site as fields. Format 3 writes a {@link CallFrame} subclass per
 * method instead, with exactly the slots it needs. Its members are the format-2 contract: do not change them.
 */
public final class AsyncFrame extends CallFrame {
    public static final int INT_FIELDS = 4;
    public static final int LONG_FIELDS = 2;
    public static final int REF_FIELDS = 6;

    public int i0;
    public int i1;
    public int i2;
    public int i3;
    public long j0;
    public long j1;
    public Object l0;
    public Object l1;
    public Object l2;
    public Object l3;
    public Object l4;
    public Object l5;
    public final int[] moreI;
    public final long[] moreJ;
    public final Object[] moreL;

    private final Resumer resumer;
    private final String site;

    public AsyncFrame(Resumer resumer, int intSlots, int longSlots, int refSlots, String site) {
        this.resumer = resumer;
        this.site = site;
        this.moreI = intSlots > INT_FIELDS ? new int[intSlots - INT_FIELDS] : null;
        this.moreJ = longSlots > LONG_FIELDS ? new long[longSlots - LONG_FIELDS] : null;
        this.moreL = refSlots > REF_FIELDS ? new Object[refSlots - REF_FIELDS] : null;
    }

    @Override
    public Object resumeBody() {
        return resumer.resume(this);
    }

    @Override
    public String site() {
        return site;
    }
}
