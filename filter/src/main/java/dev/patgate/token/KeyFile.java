package dev.patgate.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * A 32-byte secret key kept in a file as one line of standard base64, readable by its owner only.
 * Used for the token digest key and the upstream identity key.
 */
public final class KeyFile {

    public static final int KEY_BYTES = 32;

    private KeyFile() {}

    /**
     * Reads the key at {@code file}, creating it (and its folder) with a fresh random key and
     * owner-only permissions when it does not exist. Safe when two processes start at once: the
     * loser of the race reads the winner's key.
     *
     * @throws IOException when the file cannot be read or written, or does not hold a valid key
     */
    public static byte[] loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            Path temp = Files.createTempFile(parent, ".key", ".tmp", ownerOnly());
            try {
                Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.WRITE);
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException raced) {
                // another process created it first: use theirs
            } catch (UnsupportedOperationException | IOException noLinks) {
                if (!Files.exists(file)) {
                    Files.move(temp, file);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        return load(file);
    }

    /**
     * Reads an existing key file.
     *
     * @throws IOException when it is missing, unreadable or not 32 bytes of base64
     */
    public static byte[] load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("key file " + file + " is not base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IOException("key file " + file + " must hold " + KEY_BYTES + " bytes");
        }
        return key;
    }

    private static java.nio.file.attribute.FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(
                EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
}
