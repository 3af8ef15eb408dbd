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
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fetches 20 URLs from a local server at once with {@code HttpClient.sendAsync}. Each request has its own timeout,
 * and a failure becomes a line of the result instead of failing the whole batch.
 */
public final class HttpFetchSample {
    private HttpFetchSample() {
    }

    /** A local server whose {@code /item/N} answers after N × 20 ms, {@code /slow} after 5 s, {@code /broken} 500. */
    static final class SlowServer implements AutoCloseable {
        final HttpServer server;
        private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "slow-server-delays");
            thread.setDaemon(true);
            return thread;
        });

        SlowServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            server.createContext("/item/", exchange -> {
                int n = Integer.parseInt(exchange.getRequestURI().getPath().substring("/item/".length()));
                delays.schedule(() -> respond(exchange, 200, "item " + n), n * 20L, TimeUnit.MILLISECONDS);
            });
            server.createContext("/slow", exchange ->
                    delays.schedule(() -> respond(exchange, 200, "finally"), 5, TimeUnit.SECONDS));
            server.createContext("/broken", exchange -> respond(exchange, 500, "oops"));
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread thread = new Thread(r, "slow-server");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        }

        private static void respond(HttpExchange exchange, int status, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(status, bytes.length);
                out.write(bytes);
            } catch (IOException closedByClient) {
                exchange.close();
            }
        }

        @Override
        public void close() {
            server.stop(0);
            delays.shutdownNow();
        }
    }

    @Async
    static CompletableFuture<String> fetch(HttpClient client, URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(800)).build();
        try {
            HttpResponse<String> response = await(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            if (response.statusCode() != 200) {
                return completedFuture(uri.getPath() + " -> HTTP " + response.statusCode());
            }
            return completedFuture(uri.getPath() + " -> " + response.body());
        } catch (Exception e) {
            // await rethrows the original exception: here an HttpTimeoutException, not a CompletionException.
            String why = e instanceof HttpTimeoutException ? "timed out" : e.getClass().getSimpleName();
            return completedFuture(uri.getPath() + " -> " + why);
        }
    }

    @Async
    static CompletableFuture<List<String>> fetchAll(HttpClient client, List<URI> uris) {
        List<CompletableFuture<String>> requests = new ArrayList<>();
        for (URI uri : uris) {
            requests.add(fetch(client, uri));
        }
        return Tasks.gather(requests);
    }

    public static List<String> run(PrintStream out) throws IOException {
        try (SlowServer server = new SlowServer()) {
            List<URI> uris = new ArrayList<>();
            for (int i = 1; i <= 18; i++) {
                uris.add(server.uri("/item/" + i));
            }
            uris.add(server.uri("/slow"));
            uris.add(server.uri("/broken"));
            HttpClient client = HttpClient.newHttpClient();
            long start = System.nanoTime();
            List<String> results = Tasks.run(() -> fetchAll(client, uris));
            long elapsed = System.nanoTime() - start;
            for (String result : results) {
                out.println(result);
            }
            out.printf("fetched %d URLs in %.2f s (one by one: about %.1f s)%n", results.size(), elapsed / 1e9,
                    (18 * 19 / 2 * 20 + 800) / 1000.0);
            return results;
        }
    }

    public static void main(String[] args) throws IOException {
        run(System.out);
    }
}
