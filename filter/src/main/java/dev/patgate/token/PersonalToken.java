package dev.patgate.token;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * A personal access token in its plaintext form:
 * {@code patg_} + id (12 base62) + {@code _} + secret (32 base62) + checksum (6 base62, the CRC32 of
 * everything before it, as a fixed-width base62 number). The whole token matches
 * {@code patg_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}}.
 *
 * <p>The id is public (it names the token in the store, logs and the CLI); the secret is not.
 * {@link #toString()} never shows the secret.
 *
 * @param id the 12-character public id
 * @param secret the 32-character secret
 */
public record PersonalToken(String id, String secret) {

    public static final String PREFIX = "patg_";
    public static final int ID_LENGTH = 12;
    public static final int SECRET_LENGTH = 32;
    public static final int CHECKSUM_LENGTH = 6;
    /** Length of the whole token text. */
    public static final int LENGTH = PREFIX.length() + ID_LENGTH + 1 + SECRET_LENGTH + CHECKSUM_LENGTH;

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    public PersonalToken {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(secret, "secret must not be null");
        if (id.length() != ID_LENGTH || !isBase62(id, 0, id.length())) {
            throw new IllegalArgumentException("id must be " + ID_LENGTH + " base62 characters");
        }
        if (secret.length() != SECRET_LENGTH || !isBase62(secret, 0, secret.length())) {
            throw new IllegalArgumentException("secret must be " + SECRET_LENGTH + " base62 characters");
        }
    }

    /** A new token with a random id and secret drawn from {@code random}. */
    public static PersonalToken generate(SecureRandom random) {
        return new PersonalToken(randomBase62(random, ID_LENGTH), randomBase62(random, SECRET_LENGTH));
    }

    /**
     * Parses a token, checking prefix, length, alphabet and checksum; touches no store.
     *
     * @throws MalformedTokenException naming what is wrong, never quoting the input
     */
    public static PersonalToken parse(CharSequence text) throws MalformedTokenException {
        if (text == null || text.length() != LENGTH) {
            throw new MalformedTokenException("token has the wrong length");
        }
        for (int i = 0; i < PREFIX.length(); i++) {
            if (text.charAt(i) != PREFIX.charAt(i)) {
                throw new MalformedTokenException("token does not start with " + PREFIX);
            }
        }
        int idStart = PREFIX.length();
        int separator = idStart + ID_LENGTH;
        if (text.charAt(separator) != '_'
                || !isBase62(text, idStart, separator)
                || !isBase62(text, separator + 1, LENGTH)) {
            throw new MalformedTokenException("token has characters outside its alphabet");
        }
        int checksumStart = LENGTH - CHECKSUM_LENGTH;
        if (!checksum(text, checksumStart).contentEquals(text.subSequence(checksumStart, LENGTH))) {
            throw new MalformedTokenException("token checksum does not match");
        }
        return new PersonalToken(
                text.subSequence(idStart, separator).toString(),
                text.subSequence(separator + 1, checksumStart).toString());
    }

    /** Cheap syntactic test, used to tell tokens from passwords; does not verify the checksum. */
    public static boolean looksLikeToken(CharSequence text) {
        return text != null && text.length() == LENGTH && text.toString().startsWith(PREFIX);
    }

    /** The full plaintext token. Show it once, at creation; never log it. */
    public String value() {
        String body = PREFIX + id + "_" + secret;
        return body + checksum(body, body.length());
    }

    @Override
    public String toString() {
        return PREFIX + id + "_****";
    }

    static String checksum(CharSequence text, int end) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < end; i++) {
            crc.update(text.charAt(i));
        }
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET[(int) (value % 62)];
            value /= 62;
        }
        return new String(out);
    }

    private static boolean isBase62(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String randomBase62(SecureRandom random, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
