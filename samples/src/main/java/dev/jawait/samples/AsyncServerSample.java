package dev.jawait.samples;

import static dev.jawait.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jawait.Async;
import dev.jawait.Tasks;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP server whose handler is an {@code @Async} method that waits 500 ms for a pretend backend. Two server
 * threads serve 200 concurrent clients in about half a second; blocking handlers on two threads would need 50 s.
 */
public final class AsyncServerSample {
    static final int CLIENTS = 200;
    static final long BACKEND_MILLIS = 500;

    private AsyncServerSample() {
    }

    /** What the run measured. */
    public static final class Report {
        public final int ok;
        public final long nanos;
        public final int serverThreads;
        public final Set<String> handlerThreads;

        Report(int ok, long nanos, int serverThreads, Set<String> handlerThreads) {
            this.ok = ok;
            this.nanos = nanos;
            this.serverThreads = serverThreads;
            this.handlerThreads = handlerThreads;
        }
    }

    @Async
    static CompletableFuture<Void> handle(HttpExchange exchange, Set<String> threads) {
        threads.add(Thread.currentThread().getName());
        String user = exchange.getRequestURI().getQuery();
        await(Tasks.sleep(BACKEND_MILLIS)); // the slow backend: no thread waits for it
        threads.add(Thread.currentThread().getName());
        byte[] body = ("hello " + user).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, body.length);
            out.write(body);
        } catch (IOException e) {
            exchange.close();
        }
        return completedFuture(null);
    }

    @Async
    static CompletableFuture<Integer> clients(URI base) {
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/hello?user" + i)).build();
            responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        for (HttpResponse<String> response : await(Tasks.gather(responses))) {
            ok += response.statusCode() == 200 && response.body().startsWith("hello user") ? 1 : 0;
        }
        return completedFuture(ok);
    }

    public static Report run(PrintStream out) throws IOException {
        int serverThreads = 2;
        ExecutorService pool = Executors.newFixedThreadPool(serverThreads, r -> {
            Thread thread = new Thread(r, "server-" + r.hashCode());
            thread.setDaemon(true);
            return thread;
        });
        Set<String> threads = ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), CLIENTS);
        server.createContext("/hello", exchange -> handle(exchange, threads));
        server.setExecutor(pool);
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            long start = System.nanoTime();
            int ok = Tasks.run(() -> clients(base));
            long elapsed = System.nanoTime() - start;
            out.printf("%d of %d clients served in %.2f s by %d server threads%n", ok, CLIENTS, elapsed / 1e9,
                    serverThreads);
            out.printf("handler code ran on %d threads; blocking handlers would need about %.0f s%n",
                    threads.size(), CLIENTS * BACKEND_MILLIS / 1000.0 / serverThreads);
            return new Report(ok, elapsed, serverThreads, threads);
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    public static void main(String[] args) throws IOException {
        run(System.out);
    }
}
