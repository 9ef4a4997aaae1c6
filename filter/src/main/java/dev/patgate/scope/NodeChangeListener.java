package dev.patgate.scope;

/**
 * Told about every request that can move, remove or replace nodes, whoever sends it: once before it
 * is forwarded and once when it is over, however it ended. Whatever was decided from the old tree
 * must not be used after the first call.
 */
public interface NodeChangeListener {

    /** A request that can change nodes is about to be forwarded. */
    void changeStarted();

    /** A request announced by {@link #changeStarted()} is over; called exactly once for each. */
    void changeCompleted();
}
