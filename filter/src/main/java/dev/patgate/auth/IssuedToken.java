package dev.patgate.auth;

import dev.patgate.store.TokenRecord;

/**
 * A token just created: the plaintext, shown to its owner exactly once, and the stored record.
 * {@link #toString()} hides the plaintext.
 */
public record IssuedToken(String plaintext, TokenRecord record) {

    @Override
    public String toString() {
        return "IssuedToken[" + record + "]";
    }
}
