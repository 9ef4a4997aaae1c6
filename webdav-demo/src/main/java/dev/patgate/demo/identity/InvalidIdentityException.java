package dev.patgate.demo.identity;

/**
 * Thrown when an {@code X-Patgate-Identity} header is absent or does not verify. The message names
 * the problem only, never the header value, so it is safe to log.
 */
public final class InvalidIdentityException extends Exception {

    /** Why an assertion was refused. */
    public enum Reason {
        MISSING("no identity assertion"),
        MULTIPLE("more than one identity assertion"),
        MALFORMED("malformed identity assertion"),
        BAD_HEADER("identity assertion header is not {alg: HS256, typ: patgate-identity+jwt}"),
        BAD_SIGNATURE("identity assertion signature does not match"),
        BAD_PAYLOAD("identity assertion payload is invalid"),
        NOT_YET_VALID("identity assertion issued in the future"),
        EXPIRED("identity assertion expired"),
        LIFETIME_TOO_LONG("identity assertion lifetime exceeds the cap"),
        WRONG_METHOD("identity assertion was made for another method"),
        WRONG_TARGET("identity assertion was made for another target");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Reason reason;

    public InvalidIdentityException(Reason reason) {
        super(reason.description(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
