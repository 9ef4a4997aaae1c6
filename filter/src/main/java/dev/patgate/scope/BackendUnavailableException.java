package dev.patgate.scope;

/**
 * The backend could not say where a node is (down, timing out, or answering nonsense). A request
 * that needed the answer is refused, never allowed. The message names the problem, never a secret.
 */
public final class BackendUnavailableException extends RuntimeException {

    public BackendUnavailableException(String message) {
        super(message, null, false, false);
    }
}
