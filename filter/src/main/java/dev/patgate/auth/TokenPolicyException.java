package dev.patgate.auth;

/**
 * A token request breaks a rule on expiry or an operator's limit. The message says why, naming the
 * limit's configuration key when it is one, and never holds a secret; it is shown as it is by the
 * CLI and both token APIs.
 */
public final class TokenPolicyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String limit;

    TokenPolicyException(String limit, String message) {
        super(message);
        this.limit = limit;
    }

    /** The configuration key of the limit broken, e.g. {@code tokens.policy.max_sliding_window}; {@code null} for a rule. */
    public String limit() {
        return limit;
    }
}
