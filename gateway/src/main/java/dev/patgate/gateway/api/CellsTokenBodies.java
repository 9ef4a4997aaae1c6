package dev.patgate.gateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.patgate.store.TokenRecord;
import java.time.Instant;
import java.util.List;

/**
 * The JSON bodies of Cells' token API as patgate answers it (docs/cells-token-api.md), with Cells'
 * own field names. Cells sends and answers int64 values as JSON strings; requests may also carry them
 * as JSON numbers, as Cells itself accepts.
 */
final class CellsTokenBodies {

    /** The latest {@code ExpiresAt} accepted: the end of the year 9999, in unix seconds. */
    static final long LATEST_EXPIRY = 253_402_300_799L;

    private CellsTokenBodies() {}

    /**
     * The body of {@code POST /a/auth/token/personal} and {@code /a/auth/token/impersonate}.
     *
     * @param expiresAt unix seconds, as a string of digits (or a whole JSON number); 0 or absent: none
     * @param autoRefresh the sliding window in seconds, a whole JSON number (or a string of digits); 0
     *        or absent: none
     */
    record Mint(
            @JsonProperty("UserLogin") String userLogin,
            @JsonProperty("Label") String label,
            @JsonProperty("ExpiresAt") JsonNode expiresAt,
            @JsonProperty("AutoRefresh") JsonNode autoRefresh,
            @JsonProperty("Scopes") List<String> scopes) {

        Mint {
            scopes = scopes == null ? List.of() : scopes;
            userLogin = userLogin == null ? "" : userLogin;
        }

        static Mint bind(JsonNode tree) throws ApiError {
            Mint body = CellsTokenBodies.bind(
                    tree, Mint.class, "UserLogin, Label, ExpiresAt, AutoRefresh and Scopes", "Scopes");
            if (body.scopes().size() > CreateTokenBody.MAX_SCOPES) {
                throw ApiError.badRequest("Scopes: must be a list of at most " + CreateTokenBody.MAX_SCOPES
                        + " strings like \"node:<uuid>:rw\"");
            }
            return body;
        }

        /** {@code ExpiresAt} in unix seconds, or 0 for none. */
        long expiresAtSeconds() throws ApiError {
            return wholeNumber("ExpiresAt", expiresAt, LATEST_EXPIRY, "unix seconds, like \"1767225600\"");
        }

        /** {@code AutoRefresh} in seconds, or 0 for none. */
        long autoRefreshSeconds() throws ApiError {
            return wholeNumber("AutoRefresh", autoRefresh, Integer.MAX_VALUE, "seconds, like 3600");
        }
    }

    /**
     * The body of {@code POST /a/auth/tokens}.
     *
     * @param byUser whose tokens; empty or absent: the caller's
     * @param type {@code "PERSONAL"} (or 1), {@code "DOCUMENT"} (or 2); absent or 0: both
     */
    record Listing(
            @JsonProperty("ByUser") String byUser,
            @JsonProperty("Type") JsonNode type) {

        static Listing bind(JsonNode tree) throws ApiError {
            return CellsTokenBodies.bind(tree, Listing.class, "ByUser and Type", null);
        }

        /** Whether the listing asks for personal tokens (the only kind patgate has). */
        boolean wantsPersonal() throws ApiError {
            if (type == null || type.isNull()) {
                return true;
            }
            if (type.isTextual() && type.textValue().equals("PERSONAL")
                    || type.isIntegralNumber() && type.canConvertToInt() && type.intValue() == 1) {
                return true;
            }
            if (type.isTextual() && type.textValue().equals("DOCUMENT")
                    || type.isIntegralNumber() && type.canConvertToInt() && type.intValue() == 2) {
                return false;
            }
            if (type.isIntegralNumber() && type.canConvertToInt() && type.intValue() == 0) {
                return true;
            }
            throw ApiError.badRequest("Type: must be \"PERSONAL\" or \"DOCUMENT\"");
        }
    }

    /** The answer to a mint: {@code {"AccessToken": "..."}}, the token's plaintext, shown this once. */
    record AccessToken(@JsonProperty("AccessToken") String accessToken) {}

    /** The answer to a listing: {@code {"Tokens": [...]}}. */
    record Tokens(@JsonProperty("Tokens") List<Token> tokens) {}

    /** The answer to a deletion: {@code {"Success": true}}. */
    record Success(@JsonProperty("Success") boolean success) {}

    /**
     * A token in Cells' {@code PersonalAccessToken} shape; every field always written. Never the
     * secret or its digest.
     *
     * @param uuid patgate's token id
     * @param userUuid the login: patgate knows users by login only
     * @param autoRefreshWindow the sliding window in seconds; 0 when the token does not slide
     * @param expiresAt unix seconds (a string) when the token lapses unless used again: the hard expiry,
     *        or the sliding window from the last recorded use, whichever comes first
     * @param createdAt unix seconds (a string)
     * @param updatedAt unix seconds (a string) of the last recorded use; the creation when never used
     */
    record Token(
            @JsonProperty("Uuid") String uuid,
            @JsonProperty("Type") String type,
            @JsonProperty("Label") String label,
            @JsonProperty("UserUuid") String userUuid,
            @JsonProperty("UserLogin") String userLogin,
            @JsonProperty("Scopes") List<String> scopes,
            @JsonProperty("AutoRefreshWindow") int autoRefreshWindow,
            @JsonProperty("ExpiresAt") String expiresAt,
            @JsonProperty("CreatedBy") String createdBy,
            @JsonProperty("CreatedAt") String createdAt,
            @JsonProperty("UpdatedAt") String updatedAt) {

        static Token of(TokenRecord record) {
            Instant updated = record.lastUsedAt() != null && record.lastUsedAt().isAfter(record.createdAt())
                    ? record.lastUsedAt()
                    : record.createdAt();
            return new Token(
                    record.id(),
                    "PERSONAL",
                    record.label(),
                    record.login(),
                    record.login(),
                    record.scopes().stream().map(Object::toString).toList(),
                    record.refreshWindow() == null
                            ? 0
                            : (int) Math.min(
                                    Integer.MAX_VALUE, record.refreshWindow().toSeconds()),
                    seconds(record.validUntil()),
                    record.createdBy(),
                    seconds(record.createdAt()),
                    seconds(updated));
        }

        private static String seconds(Instant instant) {
            return Long.toString(instant.getEpochSecond());
        }
    }

    private static <T> T bind(JsonNode tree, Class<T> type, String fields, String listField) throws ApiError {
        try {
            return CreateTokenBody.BINDER.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiError.badRequest("unknown field: the fields are " + fields);
        } catch (JsonMappingException e) {
            List<JsonMappingException.Reference> where = e.getPath();
            String field = where.isEmpty() ? "the body" : where.get(0).getFieldName();
            if (field != null && field.equals(listField)) {
                throw ApiError.badRequest(field + ": must be a list of strings like \"node:<uuid>:rw\"");
            }
            throw ApiError.badRequest(field + ": must be a string");
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("the body must be a JSON object of the fields " + fields);
        }
    }

    /**
     * A whole number from 0 to {@code max}, given as a string of digits or a JSON number; absent,
     * {@code null} and {@code 0} all mean 0.
     */
    private static long wholeNumber(String field, JsonNode value, long max, String example) throws ApiError {
        if (value == null || value.isNull()) {
            return 0;
        }
        long number;
        if (value.isTextual() && value.textValue().matches("[0-9]{1,19}")) {
            try {
                number = Long.parseLong(value.textValue());
            } catch (NumberFormatException e) {
                number = -1;
            }
        } else if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.longValue();
        } else {
            number = -1;
        }
        if (number < 0 || number > max) {
            throw ApiError.badRequest(field + ": must be a whole number of " + example + ", at most " + max);
        }
        return number;
    }
}
