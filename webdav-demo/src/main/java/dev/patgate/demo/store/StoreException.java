package dev.patgate.demo.store;

/** A refused tree operation; the {@link Kind} says which HTTP status fits. */
public final class StoreException extends RuntimeException {

    /** What went wrong, with the HTTP status a front end should answer. */
    public enum Kind {
        /** A path that is not well formed (empty, {@code .}, {@code ..}, control characters): 400. */
        BAD_PATH(400),
        /** The operation is never allowed on this node, e.g. deleting a workspace root: 403. */
        FORBIDDEN(403),
        /** The node, or its workspace, does not exist: 404. */
        NOT_FOUND(404),
        /** The target exists, its parent is missing, or a folder would go inside itself: 409. */
        CONFLICT(409);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public StoreException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
