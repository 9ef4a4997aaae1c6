package dev.patgate.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.patgate.store.TokenRecord;
import dev.patgate.token.Durations;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A token as the API (and {@code patgate admin token list --json}) shows it (docs/token-api.md, "A
 * token"): every field is always written, in this order, {@code null} when unset (an absent label
 * too); every instant in one format, RFC 3339 UTC in whole seconds rounded down
 * ({@code 2026-12-07T17:00:00Z}), the refresh window as a duration ({@code 10m}). Never the secret or
 * its digest.
 *
 * @param expiryKind {@code hard}, {@code sliding} or {@code sliding_capped}
 * @param state {@code active}, {@code expired} or {@code revoked}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TokenView(
        String id,
        String user,
        String label,
        String createdAt,
        String createdBy,
        String expiryKind,
        String expiresAt,
        String refreshWindow,
        String validUntil,
        String lastUsedAt,
        String lastUsedIp,
        List<String> scopes,
        String revokedAt,
        String state) {

    /** The record as seen at {@code now}, which decides between active and expired. */
    public static TokenView of(TokenRecord record, Instant now) {
        return new TokenView(
                record.id(),
                record.login(),
                record.label().isEmpty() ? null : record.label(),
                time(record.createdAt()),
                record.createdBy().isEmpty() ? null : record.createdBy(),
                expiryKind(record),
                time(record.expiresAt()),
                record.refreshWindow() == null ? null : Durations.format(record.refreshWindow()),
                time(record.validUntil()),
                time(record.lastUsedAt()),
                record.lastUsedIp(),
                record.scopes().stream().map(Object::toString).toList(),
                time(record.revokedAt()),
                state(record, now));
    }

    /** {@code revoked}, {@code expired} or {@code active} at {@code now}. */
    public static String state(TokenRecord record, Instant now) {
        return record.revokedAt() != null ? "revoked" : record.isValidAt(now) ? "active" : "expired";
    }

    /** {@code hard}, {@code sliding} or {@code sliding_capped}. */
    public static String expiryKind(TokenRecord record) {
        if (!record.isSliding()) {
            return "hard";
        }
        return record.expiresAt() == null ? "sliding" : "sliding_capped";
    }

    /** A whole listing as the API's JSON text ({@code next_cursor} null), for the CLI's {@code --json}. */
    public static String listingJson(List<TokenRecord> records, Instant now) {
        try {
            return new String(
                    JsonAnswer.bytes(new Listing(
                            records.stream().map(record -> of(record, now)).toList(), null)),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The one time format of the API: RFC 3339 UTC, whole seconds, rounded down; {@code null} stays null. */
    public static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * The answer to {@code GET /patgate/tokens}: {@code {"tokens": [...], "next_cursor": ...}}, the
     * cursor {@code null} on the last page.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Listing(List<TokenView> tokens, String nextCursor) {}

    /** The answer to a creation: the token's fields, then {@code token}, its plaintext, shown this once. */
    record Created(@JsonUnwrapped TokenView view, String token) {}
}
