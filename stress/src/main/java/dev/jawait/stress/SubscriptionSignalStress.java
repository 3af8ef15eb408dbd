package dev.jawait.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.jawait.AsyncIterator;
import java.util.concurrent.Flow;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIJ_Result;

/**
 * {@code AsyncIterator.from}: the consumer's {@code next()} asks the publisher for more while another thread closes
 * the iterator. The subscription must see its calls one at a time (rule 2.7), each after the one before, and the
 * cancel must be made, once, whoever makes the calls; a request made before the cancel may be made or dropped, never
 * made after it.
 */
@JCStressTest
@Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "prefetch, then the cancel; the request came too late and went")
@Outcome(id = "0, 1, 3", expect = ACCEPTABLE, desc = "prefetch, the request of one more, then the cancel")
@Outcome(expect = FORBIDDEN, desc = "calls overlapped, the cancel was lost or made twice, or a request came after it")
@State
public class SubscriptionSignalStress {
    /** Counts the calls, and whether two ever overlapped; records what was requested before the cancel. */
    private final Flow.Subscription subscription = new Flow.Subscription() {
        private volatile int inside;

        @Override
        public void request(long n) {
            enter();
            if (cancels == 0) {
                requested += n;
            } else {
                requestedAfterCancel = true;
            }
            leave();
        }

        @Override
        public void cancel() {
            enter();
            cancels++;
            leave();
        }

        private void enter() {
            if (inside++ != 0) {
                overlapped = true;
            }
        }

        private void leave() {
            inside--;
        }
    };
    private int cancels;
    private long requested;
    private boolean requestedAfterCancel;
    private volatile boolean overlapped;
    private final AsyncIterator<Integer> iterator;

    public SubscriptionSignalStress() {
        Flow.Publisher<Integer> publisher = subscriber -> {
            subscriber.onSubscribe(subscription); // requests 2: the prefetch
            subscriber.onNext(1);
        };
        iterator = AsyncIterator.from(publisher, 2);
        iterator.hasNext().join();
    }

    @Actor
    public void read() {
        try {
            iterator.next(); // half the prefetch read: requests one more
        } catch (java.util.NoSuchElementException closedFirst) {
            // the close came first and dropped the buffered item: nothing to request
        }
    }

    @Actor
    public void close() {
        iterator.closeAsync();
    }

    @Arbiter
    public void arbiter(IIJ_Result result) {
        result.r1 = overlapped || requestedAfterCancel ? 1 : 0;
        result.r2 = cancels;
        result.r3 = requested;
    }
}
