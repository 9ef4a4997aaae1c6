package dev.patgate.gateway.identity;

/**
 * The caller's credential for the backend cannot be had now (upstream mode {@code cells}): the
 * request is not forwarded and the client gets {@link #status()}. The message is for the operator's
 * log and never holds a secret.
 */
public final class UpstreamCredentialException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** @param status 502 (the backend could not be asked) or 503 (it refused the gateway's own credential) */
    public UpstreamCredentialException(int status, String message) {
        super(message, null, false, false);
        if (status != 502 && status != 503) {
            throw new IllegalArgumentException("status must be 502 or 503");
        }
        this.status = status;
    }

    /** The status the client gets. */
    public int status() {
        return status;
    }
}
