package dev.jawait.samples.ecosystem;

import static dev.jawait.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jawait.Async;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A fixed-window rate limiter over Redis through Lettuce's async API: at most {@code limit} calls per client in a
 * window that starts at the client's first call. Lettuce's {@code RedisFuture} is a {@code CompletionStage}, so it
 * is awaited as it is.
 */
final class RateLimiter {
    private final RedisAsyncCommands<String, String> redis;
    private final String name;
    private final int limit;
    private final long windowMillis;
    /** The threads that ran limiter code, to show how few there are. */
    private final Set<String> threads;

    RateLimiter(RedisAsyncCommands<String, String> redis, String name, int limit, long windowMillis,
            Set<String> threads) {
        this.redis = redis;
        this.name = name;
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.threads = threads;
    }

    /** Counts one call of {@code client}; true if it is within the limit. */
    @Async
    CompletableFuture<Boolean> allow(String client) {
        String key = "rate:" + name + ":" + client;
        long calls = await(redis.incr(key)); // atomic in Redis, however many calls run at once
        if (calls == 1) {
            // The first call of a window starts its clock. (A crash between the two commands would leave the key
            // without an expiry; a production limiter sends both in one MULTI or Lua script.)
            await(redis.pexpire(key, windowMillis));
        }
        threads.add(Thread.currentThread().getName());
        return completedFuture(calls <= limit);
    }
}
