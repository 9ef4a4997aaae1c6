package dev.patgate.gateway.cells;

/**
 * Cells could not be asked, or refused what the gateway asked with its own credential. The message
 * is for the operator and never holds a token.
 */
final class CellsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why: Cells did not answer, or answered with a refusal or something unexpected. */
    enum Kind {
        UNREACHABLE,
        REFUSED
    }

    private final Kind kind;
    private final int status;

    CellsException(Kind kind, int status, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
    }

    Kind kind() {
        return kind;
    }

    /** Cells' HTTP status, or -1 when it did not answer. */
    int status() {
        return status;
    }
}
