package dev.jawait.samples.ecosystem;

import static dev.jawait.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jawait.Async;
import dev.jawait.Tasks;
import dev.jawait.samples.ecosystem.servers.Server;
import dev.jawait.samples.ecosystem.servers.Servers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The rate limiter against a real Redis: one client over its limit, its window expiring, then
 * {@value #CONCURRENT_CALLS} calls at once from {@value #CLIENTS} clients over one connection.
 */
public final class RateLimiterSample {
    static final int CONCURRENT_CALLS = 1000;
    static final int CLIENTS = 10;
    static final int LIMIT = 50;
    static final int IO_THREADS = 2;

    private RateLimiterSample() {
    }

    /** What the concurrent part measured. */
    public record Report(List<String> lines, int allowed, int limited, Map<String, Integer> allowedPerClient,
            Set<String> threads, long nanos) {
    }

    public static void main(String[] args) throws Exception {
        System.out.println();
        System.out.println("== 10. Redis through Lettuce: a rate limiter under 1000 concurrent calls");
        try (Server redis = Servers.redis(Samples.serversDirectory().resolve("redis"))) {
            run(System.out, redis.uri());
        }
    }

    /** Runs the sample against the server at {@code uri}, printing to {@code out}. */
    public static Report run(PrintStream out, String uri) {
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(IO_THREADS)
                .computationThreadPoolSize(IO_THREADS)
                .build();
        RedisClient client = RedisClient.create(resources);
        try {
            return program(out, client, RedisURI.create(uri)).join();
        } finally {
            client.shutdown(0, 5, TimeUnit.SECONDS);
            resources.shutdown(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Async
    static CompletableFuture<Report> program(PrintStream out, RedisClient client, RedisURI uri) {
        StatefulRedisConnection<String, String> connection = await(client.connectAsync(StringCodec.UTF8, uri));
        try {
            RedisAsyncCommands<String, String> redis = connection.async();
            List<String> lines = new ArrayList<>();

            // Keys of this run's own: on a server of the user's, an earlier run's counters may still be counting.
            String run = Long.toString(System.currentTimeMillis(), 36);
            RateLimiter perSecond = new RateLimiter(redis, "demo-" + run, 5, 300, ConcurrentHashMap.newKeySet());
            StringBuilder calls = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                calls.append(await(perSecond.allow("ada")) ? "ok " : "limited ");
            }
            lines.add("ada, 8 calls, limit 5 per 300 ms: " + calls.toString().strip());
            await(Tasks.sleep(400));
            lines.add("ada, 400 ms later: " + (await(perSecond.allow("ada")) ? "ok" : "limited"));
            lines.forEach(out::println);

            Set<String> threads = ConcurrentHashMap.newKeySet();
            RateLimiter limiter = new RateLimiter(redis, "burst-" + run, LIMIT, 10_000, threads);
            long start = System.nanoTime();
            List<CompletableFuture<Boolean>> decisions = new ArrayList<>();
            for (int i = 0; i < CONCURRENT_CALLS; i++) {
                decisions.add(limiter.allow("client" + i % CLIENTS));
            }
            List<Boolean> allowed = await(Tasks.gather(decisions));
            long nanos = System.nanoTime() - start;
            Map<String, Integer> perClient = new TreeMap<>();
            for (int i = 0; i < CONCURRENT_CALLS; i++) {
                perClient.merge("client" + i % CLIENTS, allowed.get(i) ? 1 : 0, Integer::sum);
            }
            int allowedCount = (int) allowed.stream().filter(a -> a).count();
            out.printf(Locale.ROOT, "%d concurrent calls from %d clients in %.2f s: %d allowed, %d limited%n",
                    CONCURRENT_CALLS, CLIENTS, nanos / 1e9, allowedCount, CONCURRENT_CALLS - allowedCount);
            out.printf(Locale.ROOT, "allowed per client: %s%n", new TreeSet<>(perClient.values()));
            out.printf(Locale.ROOT, "1 connection; limiter code ran on %d thread%s: %s%n", threads.size(),
                    threads.size() == 1 ? "" : "s", new TreeSet<>(threads));
            return completedFuture(new Report(lines, allowedCount, CONCURRENT_CALLS - allowedCount, perClient,
                    Set.copyOf(threads), nanos));
        } finally {
            await(connection.closeAsync());
        }
    }
}
