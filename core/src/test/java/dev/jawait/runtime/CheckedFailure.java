package dev.jawait.runtime;

/** A checked exception that no library code throws, so that a test seeing it knows it came from the test itself. */
final class CheckedFailure extends Exception {
    CheckedFailure(String message) {
        super(message);
    }
}
