package dev.patgate.token;

/** A permission a request needs on a target, matched against a {@link Scope}'s read and write flags. */
public enum Access {
    /** Reading a node or listing its properties. */
    READ,
    /** Creating, changing, locking or removing a node. */
    WRITE
}
