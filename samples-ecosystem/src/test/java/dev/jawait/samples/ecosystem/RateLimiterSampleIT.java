package dev.jawait.samples.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jawait.samples.ecosystem.servers.LocalRedis;
import dev.jawait.samples.ecosystem.servers.Server;
import dev.jawait.samples.ecosystem.servers.Servers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rate-limiter sample against a Redis server started for this test, or the one JAWAIT_SAMPLES_REDIS_URL names. */
class RateLimiterSampleIT {
    @Test
    void theLimitHoldsPerClientUnderAThousandConcurrentCallsServedByOneIoThread() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<ProcessHandle> processes = List.of();
        RateLimiterSample.Report report;
        try (Server redis = Servers.redis(ServerTesting.folder("redis-it"))) {
            if (redis instanceof LocalRedis local) {
                processes = local.processes();
            }
            report = RateLimiterSample.run(new PrintStream(printed, true, StandardCharsets.UTF_8), redis.uri());
        }
        ServerTesting.assertAllEnded(processes);

        assertEquals(List.of(
                "ada, 8 calls, limit 5 per 300 ms: ok ok ok ok ok limited limited limited",
                "ada, 400 ms later: ok"), report.lines());
        assertEquals(RateLimiterSample.CLIENTS * RateLimiterSample.LIMIT, report.allowed());
        assertEquals(RateLimiterSample.CONCURRENT_CALLS - report.allowed(), report.limited());
        assertEquals(Set.of(RateLimiterSample.LIMIT), Set.copyOf(report.allowedPerClient().values()),
                report.allowedPerClient().toString());
        assertTrue(report.threads().size() <= RateLimiterSample.IO_THREADS,
                "limiter code ran on Lettuce's I/O threads, not a thread per call: " + report.threads());
        assertTrue(report.nanos() < TimeUnit.SECONDS.toNanos(9), "well inside the 10 s window: "
                + report.nanos() / 1e9 + " s");

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(report.lines(), lines.subList(0, 2));
        assertTrue(lines.get(2).matches("1000 concurrent calls from 10 clients in \\d+\\.\\d\\d s: 500 allowed, 500"
                + " limited"), lines.get(2));
        assertEquals("allowed per client: [50]", lines.get(3));
        assertTrue(lines.get(4).startsWith("1 connection; limiter code ran on "), lines.get(4));
    }
}
