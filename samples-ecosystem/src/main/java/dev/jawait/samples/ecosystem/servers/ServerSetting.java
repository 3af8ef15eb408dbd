package dev.jawait.samples.ecosystem.servers;

import java.util.Optional;

/**
 * The four ways to point the samples at servers of one's own: a system property, or else an environment variable.
 */
public enum ServerSetting {
    /** A running PostgreSQL, as {@code postgresql://user:password@host:port/database}. */
    POSTGRES_URL("jawait.samples.postgres.url", "JAWAIT_SAMPLES_POSTGRES_URL"),
    /** A running Redis, as {@code redis://host:port}. */
    REDIS_URL("jawait.samples.redis.url", "JAWAIT_SAMPLES_REDIS_URL"),
    /** The folder of an installed PostgreSQL's initdb and postgres, to use instead of zonky's binaries. */
    POSTGRES_BIN("jawait.samples.postgres.bin", "JAWAIT_SAMPLES_POSTGRES_BIN"),
    /** The folder of an installed redis-server, to use instead of embedded-redis's binary. */
    REDIS_BIN("jawait.samples.redis.bin", "JAWAIT_SAMPLES_REDIS_BIN");

    private final String property;
    private final String variable;

    ServerSetting(String property, String variable) {
        this.property = property;
        this.variable = variable;
    }

    /** The property's value if set, else the environment variable's; blank counts as unset. */
    public Optional<String> value() {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** How a user sets it, for messages: {@code JAWAIT_SAMPLES_REDIS_URL (or -Djawait.samples.redis.url)}. */
    String howToSet() {
        return variable + " (or -D" + property + ")";
    }
}
