package dev.patgate.demo.lock;

/** A malformed {@code If}, {@code Timeout}, {@code Depth} or {@code Lock-Token} header or LOCK body: answered with 400. */
public final class LockSyntaxException extends Exception {

    public LockSyntaxException(String message) {
        super(message);
    }
}
