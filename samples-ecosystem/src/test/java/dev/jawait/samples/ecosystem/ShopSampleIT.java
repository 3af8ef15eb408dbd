package dev.jawait.samples.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.samples.ecosystem.servers.LocalPostgres;
import dev.jawait.samples.ecosystem.servers.Server;
import dev.jawait.samples.ecosystem.servers.Servers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shop sample against a PostgreSQL server started for this test, or the one JAWAIT_SAMPLES_POSTGRES_URL names. */
class ShopSampleIT {
    @Test
    void requestsRunTheirQueriesInTransactionsAndTwoHundredConcurrentOrdersShareTheEventLoopThreads()
            throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<ProcessHandle> processes = List.of();
        ShopSample.Report report;
        try (Server postgres = Servers.postgres(ServerTesting.folder("postgres-it"))) {
            if (postgres instanceof LocalPostgres local) {
                processes = local.processes();
            }
            report = ShopSample.run(new PrintStream(printed, true, StandardCharsets.UTF_8), postgres.uri());
        }
        ServerTesting.assertAllEnded(processes);

        assertEquals(List.of(
                "alice buys 2 lamps: placed order #1, total 20, balance left 80",
                "bob buys 1 piano: rolled back: bob's balance 50 is less than 900",
                "bob buys 9 lamps: rolled back: lamp is out of stock",
                "dashboard for alice (3 queries at once): balance 80, 1 order, best seller lamp"), report.lines());
        assertEquals(ShopSample.MUG_STOCK, report.placed(), "every mug sold, none twice");
        assertEquals(ShopSample.CONCURRENT_ORDERS - ShopSample.MUG_STOCK, report.rolledBack());
        assertEquals(0, report.stockLeft());
        assertEquals(ShopSample.MUG_STOCK * ShopSample.MUG_PRICE, report.revenue());
        assertTrue(report.threads().size() <= ShopSample.EVENT_LOOPS + 1,
                "request code ran on Vert.x's event loops (and the caller), not a thread per request: "
                        + report.threads());
        assertTrue(report.threads().stream().allMatch(t -> t.startsWith("vert.x-eventloop-thread-")
                || t.equals(Thread.currentThread().getName())), report.threads().toString());
        assertTrue(report.nanos() < TimeUnit.SECONDS.toNanos(60), report.nanos() / 1e9 + " s");

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(report.lines(), lines.subList(0, 4));
        assertTrue(lines.get(4).matches("200 concurrent orders for 150 mugs in \\d+\\.\\d\\d s: 150 placed, 50 rolled"
                + " back \\(out of stock\\)"), lines.get(4));
        assertEquals("mugs left 0, revenue 1500 = 150 x 10: consistent", lines.get(5));
        assertTrue(lines.get(6).startsWith("4 connections; request code ran on "), lines.get(6));
    }
}
