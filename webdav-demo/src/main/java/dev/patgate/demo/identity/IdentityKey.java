package dev.patgate.demo.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;

/** Reads the identity key shared with the gateway (see docs/upstream-identity.md). */
public final class IdentityKey {

    /** Length of the key in bytes. */
    public static final int LENGTH = 32;

    private IdentityKey() {}

    /**
     * Reads a key file: one line of standard base64 (RFC 4648 §4) encoding exactly {@value #LENGTH}
     * bytes; surrounding whitespace is ignored.
     *
     * @throws NoSuchFileException      when the file does not exist
     * @throws IOException              when it cannot be read
     * @throws IllegalArgumentException when the content is not base64 of {@value #LENGTH} bytes; the
     *                                  message names the file, never its content
     */
    public static byte[] read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("identity key file " + file + " is not one line of standard base64");
        }
        if (key.length != LENGTH) {
            throw new IllegalArgumentException(
                    "identity key file " + file + " must hold " + LENGTH + " bytes, found " + key.length);
        }
        return key;
    }
}
