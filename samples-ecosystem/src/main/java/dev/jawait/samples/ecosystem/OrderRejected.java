package dev.jawait.samples.ecosystem;

/** A business rule refused an order: the shop rolls its transaction back. */
final class OrderRejected extends Exception {
    private static final long serialVersionUID = 1L;

    OrderRejected(String message) {
        super(message);
    }
}
