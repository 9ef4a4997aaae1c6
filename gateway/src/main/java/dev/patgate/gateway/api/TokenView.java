package dev.patgate.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.patgate.store.TokenRecord;
import dev.patgate.token.Durations;
import java.time.Instant;
import java.util.List;

/**
 * A token as the API shows it (docs/token-api.md, "A token"): every field is always written, in
 * this order, {@code null} when unset; instants in ISO-8601 UTC, the refresh window as a duration
 * ({@code 10m}). Never the secret or its digest.
 *
 * @param state {@code active}, {@code expired} or {@code revoked}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record TokenView(
        String id,
        String user,
        String label,
        String createdAt,
        String createdBy,
        String expiresAt,
        String refreshWindow,
        String validUntil,
        String lastUsedAt,
        String lastUsedIp,
        List<String> scopes,
        String revokedAt,
        String state) {

    /** The record as seen at {@code now}, which decides between active and expired. */
    static TokenView of(TokenRecord record, Instant now) {
        String state = record.revokedAt() != null ? "revoked" : record.isValidAt(now) ? "active" : "expired";
        return new TokenView(
                record.id(),
                record.login(),
                record.label(),
                record.createdAt().toString(),
                record.createdBy(),
                text(record.expiresAt()),
                record.refreshWindow() == null ? null : Durations.format(record.refreshWindow()),
                text(record.validUntil()),
                text(record.lastUsedAt()),
                record.lastUsedIp(),
                record.scopes().stream().map(Object::toString).toList(),
                text(record.revokedAt()),
                state);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** The answer to {@code GET /patgate/tokens}: {@code {"tokens": [...]}}. */
    record Listing(List<TokenView> tokens) {}

    /** The answer to a creation: the token's fields, then {@code token}, its plaintext, shown this once. */
    record Created(@JsonUnwrapped TokenView view, String token) {}
}
