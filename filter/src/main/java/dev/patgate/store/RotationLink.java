package dev.patgate.store;

import java.util.Objects;

/**
 * Where a token stands in a rotation family: the family's id and, for a token rotated away, the id of
 * the token that replaced it ({@code null} for the family's newest). Kept beside a
 * {@link TokenRecord} by an export, so that reuse detection works the same after a move.
 *
 * @param familyId the id of the family's first token
 * @param rotatedTo the replacement's id, or {@code null}
 */
public record RotationLink(String familyId, String rotatedTo) {

    public RotationLink {
        Objects.requireNonNull(familyId, "familyId must not be null");
    }
}
