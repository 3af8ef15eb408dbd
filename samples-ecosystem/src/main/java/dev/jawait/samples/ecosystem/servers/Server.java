package dev.jawait.samples.ecosystem.servers;

/** A server a sample talks to, by URI; closing it stops the server if the sample started it. */
public interface Server extends AutoCloseable {
    /** {@code postgresql://…} or {@code redis://…}. */
    String uri();

    @Override
    void close();
}
