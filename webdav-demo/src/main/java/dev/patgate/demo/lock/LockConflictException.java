package dev.patgate.demo.lock;

import java.util.List;

/** A lock could not be granted because other locks apply to some of the same nodes (RFC 4918 §6.1). */
public final class LockConflictException extends Exception {

    private final transient List<Lock> conflicting;

    LockConflictException(List<Lock> conflicting) {
        super("conflicts with " + conflicting.size() + " lock(s)");
        this.conflicting = List.copyOf(conflicting);
    }

    /** The locks in the way; never empty. */
    public List<Lock> conflicting() {
        return conflicting;
    }
}
