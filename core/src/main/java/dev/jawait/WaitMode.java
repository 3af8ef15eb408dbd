package dev.jawait;

/** When {@link Tasks#wait(java.util.Collection, WaitMode)} returns, like asyncio's {@code return_when}. */
public enum WaitMode {
    /** As soon as any stage has completed, whichever way. */
    FIRST_COMPLETED,
    /**
     * As soon as any stage has failed (a cancelled stage does not count as failed, as in asyncio), or once all have
     * completed if none fails.
     */
    FIRST_EXCEPTION,
    /** Once every stage has completed. */
    ALL_COMPLETED
}
