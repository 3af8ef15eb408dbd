package dev.jawait.samples.ecosystem;

import static dev.jawait.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jawait.Async;
import dev.jawait.Tasks;
import dev.jawait.samples.ecosystem.servers.Server;
import dev.jawait.samples.ecosystem.servers.Servers;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shop against a real PostgreSQL: a few single requests, then {@value #CONCURRENT_ORDERS} orders at once from a
 * pool of {@value #CONNECTIONS} connections on {@value #EVENT_LOOPS} Vert.x event-loop threads.
 */
public final class ShopSample {
    static final int CONCURRENT_ORDERS = 200;
    static final int MUG_STOCK = 150;
    static final int MUG_PRICE = 10;
    static final int CONNECTIONS = 4;
    static final int EVENT_LOOPS = 2;

    private ShopSample() {
    }

    /** What the concurrent part measured. */
    public record Report(List<String> lines, int placed, int rolledBack, int stockLeft, int revenue,
            Set<String> threads, long nanos) {
    }

    public static void main(String[] args) throws Exception {
        System.out.println();
        System.out.println("== 9. PostgreSQL through Vert.x's client: transactions, gather, 200 concurrent orders");
        try (Server postgres = Servers.postgres(Samples.serversDirectory().resolve("postgres"))) {
            run(System.out, postgres.uri());
        }
    }

    /** Runs the sample against the database at {@code uri} ({@code postgresql://…}), printing to {@code out}. */
    public static Report run(PrintStream out, String uri) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS));
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(CONNECTIONS))
                .connectingTo(PgConnectOptions.fromUri(uri))
                .using(vertx)
                .build();
        try {
            return program(out, new Shop(pool, ConcurrentHashMap.newKeySet())).join();
        } finally {
            pool.close().toCompletionStage().toCompletableFuture().join();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Async
    static CompletableFuture<Report> program(PrintStream out, Shop shop) {
        await(shop.createSchema());
        await(shop.addAccount("alice", 100));
        await(shop.addAccount("bob", 50));
        await(shop.addProduct("lamp", 10, 5));
        await(shop.addProduct("piano", 900, 1));
        await(shop.addProduct("mug", MUG_PRICE, MUG_STOCK));

        List<String> lines = new ArrayList<>();
        lines.add("alice buys 2 lamps: " + await(shop.placeOrder("alice", "lamp", 2)));
        lines.add("bob buys 1 piano: " + await(shop.placeOrder("bob", "piano", 1)));
        lines.add("bob buys 9 lamps: " + await(shop.placeOrder("bob", "lamp", 9)));
        lines.add("dashboard for alice (3 queries at once): " + await(shop.dashboard("alice")));
        lines.forEach(out::println);

        // Ten customers order one mug each, 20 times, all at once: more orders than mugs.
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            customers.add("customer" + i);
            await(shop.addAccount("customer" + i, 1000));
        }
        long start = System.nanoTime();
        List<CompletableFuture<String>> orders = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_ORDERS; i++) {
            orders.add(shop.placeOrder(customers.get(i % customers.size()), "mug", 1));
        }
        List<String> outcomes = await(Tasks.gather(orders));
        long nanos = System.nanoTime() - start;
        int placed = (int) outcomes.stream().filter(o -> o.startsWith("placed")).count();
        int rolledBack = (int) outcomes.stream().filter(o -> o.equals("rolled back: mug is out of stock")).count();
        int[] stockAndRevenue = await(shop.stockAndRevenue("mug"));
        Set<String> threads = Set.copyOf(shop.threads());
        out.printf(Locale.ROOT, "%d concurrent orders for %d mugs in %.2f s: %d placed, %d rolled back (out of"
                + " stock)%n", CONCURRENT_ORDERS, MUG_STOCK, nanos / 1e9, placed, rolledBack);
        out.printf(Locale.ROOT, "mugs left %d, revenue %d = %d x %d: %s%n", stockAndRevenue[0], stockAndRevenue[1],
                placed, MUG_PRICE, stockAndRevenue[1] == placed * MUG_PRICE ? "consistent" : "INCONSISTENT");
        out.printf(Locale.ROOT, "%d connections; request code ran on %d thread%s: %s%n", CONNECTIONS,
                threads.size(), threads.size() == 1 ? "" : "s", new TreeSet<>(threads));
        return completedFuture(new Report(lines, placed, rolledBack, stockAndRevenue[0], stockAndRevenue[1],
                threads, nanos));
    }
}
