package dev.patgate.auth;

import dev.patgate.token.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an operator asks for when creating a token ({@code admin user token}).
 *
 * @param login the owner; must be a known user (checked by the caller, which knows the directory)
 * @param label free text, see {@link #isAllowedLabel}; {@code null} for none
 * @param createdBy who asks; {@code null} for unknown
 * @param hardLimit {@code -e}: valid until created + this; {@code null} for none
 * @param refreshWindow {@code -a}: valid while unused for less than this; {@code null} for none
 * @param scopes {@code -s}: node scopes; empty for an unscoped token
 */
public record TokenRequest(
        String login, String label, String createdBy, Duration hardLimit, Duration refreshWindow, List<Scope> scopes) {

    /** The longest label, in UTF-16 units. */
    public static final int MAX_LABEL_LENGTH = 100;

    public TokenRequest {
        Objects.requireNonNull(login, "login must not be null");
        if (label != null && !isAllowedLabel(label)) {
            throw new IllegalArgumentException("label must be at most " + MAX_LABEL_LENGTH + " printable characters");
        }
        if (login.isBlank()) {
            throw new IllegalArgumentException("login must not be blank");
        }
        if (hardLimit == null && refreshWindow == null) {
            throw new IllegalArgumentException(
                    "a token needs an expiry: -e DURATION (hard), -a DURATION (sliding), or both");
        }
        if (hardLimit != null && (hardLimit.isZero() || hardLimit.isNegative())) {
            throw new IllegalArgumentException("hard expiry must be positive");
        }
        if (refreshWindow != null && (refreshWindow.isZero() || refreshWindow.isNegative())) {
            throw new IllegalArgumentException("refresh window must be positive");
        }
        if (refreshWindow != null && refreshWindow.getNano() != 0) {
            throw new IllegalArgumentException("refresh window must be whole seconds");
        }
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /**
     * The label rule, for callers that check it early with their own wording: at most
     * {@value #MAX_LABEL_LENGTH} characters, none of them a control character (C0, DEL, C1), a line
     * or paragraph separator, or a bidirectional control (embeddings, overrides, isolates and marks:
     * U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069), which could make a label read as
     * something else wherever it is shown.
     */
    public static boolean isAllowedLabel(String label) {
        return label.length() <= MAX_LABEL_LENGTH && label.chars().allMatch(TokenRequest::isAllowedLabelChar);
    }

    private static boolean isAllowedLabelChar(int c) {
        return !Character.isISOControl(c)
                && c != 0x061C
                && c != 0x200E
                && c != 0x200F
                && c != 0x2028
                && c != 0x2029
                && !(c >= 0x202A && c <= 0x202E)
                && !(c >= 0x2066 && c <= 0x2069);
    }
}
