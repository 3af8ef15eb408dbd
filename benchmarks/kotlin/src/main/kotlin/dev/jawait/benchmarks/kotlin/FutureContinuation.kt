package dev.jawait.benchmarks.kotlin

import java.util.concurrent.CompletableFuture
import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED

/**
 * The completion of a suspend function called from Java, and the future the caller gets: one object, as jawait's
 * frame is. No dispatcher: a suspended call resumes on the thread that completes what it awaits, as jawait does
 * outside an event loop.
 */
class FutureContinuation<T> : CompletableFuture<T>(), Continuation<T> {
    override val context: CoroutineContext get() = EmptyCoroutineContext

    override fun resumeWith(result: Result<T>) {
        result.fold({ complete(it) }, { completeExceptionally(it) })
    }

    /** Takes what the suspend function returned to its Java caller: its value, or the marker that it suspended. */
    @Suppress("UNCHECKED_CAST")
    fun returned(value: Any?): CompletableFuture<T> {
        if (value !== COROUTINE_SUSPENDED) {
            complete(value as T)
        }
        return this
    }
}
