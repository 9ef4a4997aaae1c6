package dev.patgate.gateway.users;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Collection;

/**
 * Writing the user directory's file and hashing the passwords that go into it, for the admin CLI.
 * A running gateway picks the new file up by itself ({@link UserDirectoryWatcher}).
 */
public final class UserFiles {

    /** bcrypt's cost for new hashes: 2^12 rounds, about a quarter of a second per check. */
    public static final int BCRYPT_COST = 12;
    /** The shortest password accepted, in characters. */
    public static final int MIN_PASSWORD_LENGTH = 8;
    /** bcrypt reads at most this many bytes of a password; a longer one is refused, not cut. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private UserFiles() {}

    /**
     * Replaces {@code file} with a rendering of {@code users}: written to a temporary file in the
     * same folder, given the old file's owner-group-other permissions, then moved over it in one
     * step, so that a reader (a running gateway) sees the old file or the new one, never half of
     * one. Comments in the old file other than the header are not kept.
     */
    public static void write(Path file, Collection<User> users) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(temp, UserDirectory.render(users), StandardCharsets.UTF_8);
            if (Files.exists(target) && Files.getFileAttributeView(target, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Why a new password cannot be used, or {@code null} when it can: too short, too long for
     * bcrypt, or holding a control character (a line break pasted by mistake).
     */
    public static String passwordProblem(char[] password) {
        if (password.length < MIN_PASSWORD_LENGTH) {
            return "a password needs at least " + MIN_PASSWORD_LENGTH + " characters";
        }
        if (StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)).remaining() > MAX_PASSWORD_BYTES) {
            return "a password may have at most " + MAX_PASSWORD_BYTES + " bytes (bcrypt reads no more)";
        }
        for (char c : password) {
            if (Character.isISOControl(c)) {
                return "a password may not hold control characters";
            }
        }
        return null;
    }

    /**
     * A bcrypt hash ({@code $2y$}, cost {@link #BCRYPT_COST}) of a password that
     * {@link #passwordProblem} accepts.
     *
     * @param password not cleared by this method
     */
    public static String hash(char[] password) {
        return BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(BCRYPT_COST, password);
    }
}
