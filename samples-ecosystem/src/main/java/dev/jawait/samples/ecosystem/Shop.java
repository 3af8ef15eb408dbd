package dev.jawait.samples.ecosystem;

import static dev.jawait.Await.await;
import static java.util.concurrent.CompletableFuture.completedFuture;

import dev.jawait.Async;
import dev.jawait.Tasks;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A small shop over PostgreSQL through Vert.x's non-blocking client: each request is a few queries in a row, written
 * with {@code await}; no thread waits for the database.
 */
final class Shop {
    private final Pool pool;
    /** The threads that ran request code, to show how few there are. */
    private final Set<String> threads;

    Shop(Pool pool, Set<String> threads) {
        this.pool = pool;
        this.threads = threads;
    }

    Set<String> threads() {
        return threads;
    }

    /** A Vert.x query as a CompletionStage: the one line that adapts the driver to await. */
    private static CompletionStage<RowSet<Row>> query(SqlClient client, String sql, Tuple arguments) {
        return client.preparedQuery(sql).execute(arguments).toCompletionStage();
    }

    @Async
    CompletableFuture<Void> createSchema() {
        for (String statement : List.of(
                "CREATE TABLE accounts (id serial PRIMARY KEY, owner text UNIQUE NOT NULL, balance int NOT NULL)",
                "CREATE TABLE products (id serial PRIMARY KEY, name text UNIQUE NOT NULL, price int NOT NULL,"
                        + " stock int NOT NULL)",
                "CREATE TABLE orders (id serial PRIMARY KEY, account_id int NOT NULL REFERENCES accounts,"
                        + " product_id int NOT NULL REFERENCES products, quantity int NOT NULL, total int NOT NULL)")) {
            await(pool.query(statement).execute().toCompletionStage());
        }
        return completedFuture(null);
    }

    @Async
    CompletableFuture<Void> addAccount(String owner, int balance) {
        await(query(pool, "INSERT INTO accounts (owner, balance) VALUES ($1, $2)", Tuple.of(owner, balance)));
        return completedFuture(null);
    }

    @Async
    CompletableFuture<Void> addProduct(String name, int price, int stock) {
        await(query(pool, "INSERT INTO products (name, price, stock) VALUES ($1, $2, $3)",
                Tuple.of(name, price, stock)));
        return completedFuture(null);
    }

    /**
     * Places an order in one transaction: lock the account and the product, check the rules, move the money and
     * the stock, record the order, commit; a broken rule rolls it all back.
     */
    @Async
    CompletableFuture<String> placeOrder(String owner, String product, int quantity) {
        threads.add(Thread.currentThread().getName());
        SqlConnection connection = await(pool.getConnection().toCompletionStage());
        try {
            Transaction transaction = await(connection.begin().toCompletionStage());
            try {
                Row account = await(query(connection,
                        "SELECT id, balance FROM accounts WHERE owner = $1 FOR UPDATE", Tuple.of(owner)))
                        .iterator().next();
                Row item = await(query(connection,
                        "SELECT id, price, stock FROM products WHERE name = $1 FOR UPDATE", Tuple.of(product)))
                        .iterator().next();
                threads.add(Thread.currentThread().getName());
                int total = item.getInteger("price") * quantity;
                int balance = account.getInteger("balance");
                if (item.getInteger("stock") < quantity) {
                    throw new OrderRejected(product + " is out of stock");
                }
                if (balance < total) {
                    throw new OrderRejected(owner + "'s balance " + balance + " is less than " + total);
                }
                await(query(connection, "UPDATE accounts SET balance = balance - $1 WHERE id = $2",
                        Tuple.of(total, account.getInteger("id"))));
                await(query(connection, "UPDATE products SET stock = stock - $1 WHERE id = $2",
                        Tuple.of(quantity, item.getInteger("id"))));
                int order = await(query(connection, "INSERT INTO orders (account_id, product_id, quantity, total)"
                        + " VALUES ($1, $2, $3, $4) RETURNING id",
                        Tuple.of(account.getInteger("id"), item.getInteger("id"), quantity, total)))
                        .iterator().next().getInteger("id");
                await(transaction.commit().toCompletionStage());
                threads.add(Thread.currentThread().getName());
                return completedFuture("placed order #" + order + ", total " + total + ", balance left "
                        + (balance - total));
            } catch (OrderRejected e) {
                await(transaction.rollback().toCompletionStage());
                return completedFuture("rolled back: " + e.getMessage());
            }
        } finally {
            await(connection.close().toCompletionStage()); // back to the pool, on success and on failure
        }
    }

    /** Three independent queries at once, each on its own pooled connection. */
    @Async
    CompletableFuture<String> dashboard(String owner) {
        List<String> parts = await(Tasks.gather(
                balance(owner),
                orderCount(owner),
                bestSeller()));
        return completedFuture(String.join(", ", parts));
    }

    @Async
    private CompletableFuture<String> balance(String owner) {
        RowSet<Row> rows = await(query(pool, "SELECT balance FROM accounts WHERE owner = $1", Tuple.of(owner)));
        return completedFuture("balance " + rows.iterator().next().getInteger(0));
    }

    @Async
    private CompletableFuture<String> orderCount(String owner) {
        RowSet<Row> rows = await(query(pool, "SELECT count(*) FROM orders o JOIN accounts a ON a.id = o.account_id"
                + " WHERE a.owner = $1", Tuple.of(owner)));
        long count = rows.iterator().next().getLong(0);
        return completedFuture(count + (count == 1 ? " order" : " orders"));
    }

    @Async
    private CompletableFuture<String> bestSeller() {
        RowSet<Row> rows = await(query(pool, "SELECT p.name FROM orders o JOIN products p ON p.id = o.product_id"
                + " GROUP BY p.name ORDER BY sum(o.quantity) DESC, p.name LIMIT 1", Tuple.tuple()));
        return completedFuture("best seller " + (rows.size() == 0 ? "none" : rows.iterator().next().getString(0)));
    }

    /** Stock left and money spent on a product, to check that the concurrent orders added up. */
    @Async
    CompletableFuture<int[]> stockAndRevenue(String product) {
        Row row = await(query(pool, "SELECT p.stock, coalesce(sum(o.total), 0)::int FROM products p"
                + " LEFT JOIN orders o ON o.product_id = p.id WHERE p.name = $1 GROUP BY p.stock",
                Tuple.of(product))).iterator().next();
        return completedFuture(new int[] {row.getInteger(0), row.getInteger(1)});
    }
}
