package dev.patgate.token;

/**
 * A string that is not a well-formed patgate token: wrong prefix, length, alphabet or checksum.
 * The message names the problem and never contains the input.
 */
public final class MalformedTokenException extends Exception {

    public MalformedTokenException(String problem) {
        super(problem, null, false, false);
    }
}
