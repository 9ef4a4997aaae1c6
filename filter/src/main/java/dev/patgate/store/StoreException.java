package dev.patgate.store;

/** The store could not do what was asked; the message names the operation, never a secret. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
