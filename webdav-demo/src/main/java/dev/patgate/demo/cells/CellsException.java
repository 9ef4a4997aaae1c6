package dev.patgate.demo.cells;

/** A refusal of the stand-in's API: an HTTP status and a one-line title, written as Cells' error JSON. */
public final class CellsException extends RuntimeException {

    private final int status;

    CellsException(int status, String title) {
        super(title, null, false, false);
        this.status = status;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }
}
