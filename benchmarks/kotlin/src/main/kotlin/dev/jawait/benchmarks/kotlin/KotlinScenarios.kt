package dev.jawait.benchmarks.kotlin

import java.util.concurrent.CompletableFuture
import java.util.function.Supplier
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import kotlinx.coroutines.runBlocking

/**
 * The benchmark scenarios as Kotlin suspend functions, the same bodies as the jawait ones. Java calls a suspend
 * function as `fun(args, completion)`: [KotlinCalls] passes a [FutureContinuation], so that, as with jawait, the
 * call's own state object (the function's continuation) and one future are all a call allocates besides its awaits.
 */
object KotlinScenarios {
    /** Scenario 1: [n] awaits of a future that is already complete. */
    @JvmStatic
    suspend fun sumCompleted(done: CompletableFuture<Int>, n: Int): Int {
        var sum = 0
        for (i in 0 until n) {
            sum += done.await()
        }
        return sum
    }

    /** Scenario 2: [n] awaits, each of a new future that the caller completes after the call suspended. */
    @JvmStatic
    suspend fun sumSuspending(source: Supplier<CompletableFuture<Int>>, n: Int): Int {
        var sum = 0
        for (i in 0 until n) {
            sum += source.get().await()
        }
        return sum
    }

    /** Scenario 3: suspended at one await with four live locals (an int, a long and two references). */
    @JvmStatic
    suspend fun holdFourLocals(gate: CompletableFuture<Int>, a: Int, b: Long, c: String, d: Any?): Long {
        val value = gate.await()
        return a + b + c.length + (if (d == null) 0 else 1) + value
    }

    /**
     * Scenario 4: [tasks] coroutines that each sleep 1 ms [sleeps] times with `delay`, on `runBlocking`'s event loop
     * (one thread, its own timer), as jawait's run on one `Tasks.run` loop. Returns the number of sleeps done.
     */
    @JvmStatic
    fun sleepers(tasks: Int, sleeps: Int): Long = runBlocking {
        val all = List(tasks) {
            async {
                repeat(sleeps) { delay(1) }
                sleeps
            }
        }
        all.sumOf { it.await().toLong() }
    }

    /** Scenario 6: a 4-deep chain of suspend functions; only the innermost awaits a pending future. */
    @JvmStatic
    suspend fun chain1(gate: CompletableFuture<Int>, x: Int): Int {
        val local = x + 1
        val value = chain2(gate, local)
        return value + local
    }

    private suspend fun chain2(gate: CompletableFuture<Int>, x: Int): Int {
        val local = x + 1
        val value = chain3(gate, local)
        return value + local
    }

    private suspend fun chain3(gate: CompletableFuture<Int>, x: Int): Int {
        val local = x + 1
        val value = chain4(gate, local)
        return value + local
    }

    private suspend fun chain4(gate: CompletableFuture<Int>, x: Int): Int {
        val local = x + 1
        val value = gate.await()
        return value + local
    }

    /** Scenario 7: synchronous recursion, [n] levels deep. */
    @JvmStatic
    suspend fun recurse(n: Int): Int = if (n == 0) 0 else 1 + recurse(n - 1)
}
