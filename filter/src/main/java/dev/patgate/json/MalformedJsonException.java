package dev.patgate.json;

/**
 * A document {@link StrictJson} refuses. The message names the rule broken from a fixed set of
 * phrases and never quotes the document; no cause is kept, because parser messages quote the input.
 */
public final class MalformedJsonException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedJsonException(String reason) {
        super(reason, null, false, false);
    }
}
