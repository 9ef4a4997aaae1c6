package dev.patgate.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.store.RotationLink;
import dev.patgate.store.TokenRecord;
import dev.patgate.token.Scope;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file {@code patgate admin store export} writes and {@code import} reads: JSON Lines, a header
 * {@code {"format":"patgate-tokens","version":2}}, one line per token with every column (revoked
 * and expired tokens too, with their ids and secret digests, so every token works unchanged under
 * the same {@code token.key}, and with their rotation family, so that a rotated-away secret presented
 * after the move still revokes its family), and a trailer {@code {"end":true,"count":N}} so that a cut file is
 * refused rather than half imported. Made owner-only, like the key files: it holds no secret, but
 * the digests are worth keeping private.
 */
public final class TokenExport {

    static final String FORMAT = "patgate-tokens";
    /** Version 2 added each token's rotation family; version 1 files are still read (no families). */
    static final int VERSION = 2;

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[0-9A-Za-z]{12}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenExport() {}

    /**
     * What a file holds.
     *
     * @param records every token, in the file's order
     * @param links the rotation family of each token that has one, keyed by token id
     */
    public record Contents(List<TokenRecord> records, Map<String, RotationLink> links) {

        public Contents {
            records = List.copyOf(records);
            links = Map.copyOf(links);
        }
    }

    /**
     * Writes every record of the store to a new file.
     *
     * @return how many records were written
     * @throws FileAlreadyExistsException when the file exists (it is never overwritten)
     */
    public static long write(JdbcTokenStore store, Path file) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        long[] count = {0};
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.WRITE)) {
            line(out, JSON.createObjectNode().put("format", FORMAT).put("version", VERSION));
            IOException[] failure = {null};
            store.forEachWithRotation((record, link) -> {
                if (failure[0] == null) {
                    try {
                        line(out, toJson(record, link));
                        count[0]++;
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            line(out, JSON.createObjectNode().put("end", true).put("count", count[0]));
        }
        return count[0];
    }

    /**
     * Reads a file written by {@link #write}.
     *
     * @throws IllegalArgumentException naming the line that is not what {@link #write} writes, or
     *     saying the file was cut short
     */
    public static Contents read(Path file) throws IOException {
        List<TokenRecord> records = new ArrayList<>();
        Map<String, RotationLink> links = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonNode header = parse(in.readLine(), 1);
            if (!FORMAT.equals(header.path("format").asText())
                    || header.path("version").asInt() < 1
                    || header.path("version").asInt() > VERSION) {
                throw new IllegalArgumentException(
                        "line 1: not a patgate token export (format " + FORMAT + ", version 1 to " + VERSION + ")");
            }
            int number = 1;
            String text;
            while ((text = in.readLine()) != null) {
                number++;
                JsonNode line = parse(text, number);
                if (line.path("end").asBoolean(false)) {
                    if (line.path("count").asLong(-1) != records.size() || in.readLine() != null) {
                        throw new IllegalArgumentException("line " + number + ": the count does not match the tokens");
                    }
                    checkFamilies(records, links, number);
                    return new Contents(records, links);
                }
                try {
                    TokenRecord record = fromJson(line);
                    records.add(record);
                    RotationLink link = linkFromJson(line);
                    if (link != null) {
                        links.put(record.id(), link);
                    }
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
                }
            }
        }
        throw new IllegalArgumentException("the file ends before its trailer: it was cut short");
    }

    private static void line(BufferedWriter out, JsonNode node) throws IOException {
        out.write(JSON.writeValueAsString(node));
        out.write('\n');
    }

    private static JsonNode parse(String text, int number) {
        if (text == null) {
            throw new IllegalArgumentException("the file is empty");
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("line " + number + ": not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("line " + number + ": not JSON");
        }
    }

    private static ObjectNode toJson(TokenRecord r, RotationLink link) {
        ObjectNode node = JSON.createObjectNode()
                .put("id", r.id())
                .put("login", r.login())
                .put("label", r.label())
                .put("created_at", r.createdAt().toString())
                .put("created_by", r.createdBy());
        node.put("expires_at", text(r.expiresAt()));
        if (r.refreshWindow() == null) {
            node.putNull("refresh_window_s");
        } else {
            node.put("refresh_window_s", r.refreshWindow().getSeconds());
        }
        node.put("last_used_at", text(r.lastUsedAt()));
        node.put("last_used_ip", r.lastUsedIp());
        ArrayNode scopes = node.putArray("scopes");
        r.scopes().forEach(scope -> scopes.add(scope.toString()));
        node.put("revoked_at", text(r.revokedAt()));
        node.put("secret_digest", Base64.getEncoder().encodeToString(r.secretDigest()));
        node.put("family_id", link == null ? null : link.familyId());
        node.put("rotated_to", link == null ? null : link.rotatedTo());
        return node;
    }

    /** A file written before rotation existed has neither field: such a token is in no family. */
    private static RotationLink linkFromJson(JsonNode node) {
        JsonNode family = node.get("family_id");
        JsonNode to = node.get("rotated_to");
        if (family == null || family.isNull()) {
            if (to != null && !to.isNull()) {
                throw new IllegalArgumentException("rotated_to without family_id");
            }
            return null;
        }
        return new RotationLink(
                tokenId(family, "family_id"), to == null || to.isNull() ? null : tokenId(to, "rotated_to"));
    }

    private static String tokenId(JsonNode value, String field) {
        if (!value.isTextual() || !ID.matcher(value.asText()).matches()) {
            throw new IllegalArgumentException(field + " is not a token id");
        }
        return value.asText();
    }

    /**
     * Refuses families a rotation cannot have made, so that an edited file cannot tie one user's
     * tokens to another's family (a reuse would then revoke them): a family's tokens, and the token
     * a rotated one points to, belong to one login, and only a revoked token was rotated away. The
     * family's first token, or a successor, may be missing: pruned before the export.
     */
    private static void checkFamilies(List<TokenRecord> records, Map<String, RotationLink> links, int trailer) {
        Map<String, TokenRecord> byId = new java.util.HashMap<>();
        records.forEach(r -> byId.put(r.id(), r));
        Map<String, String> familyLogin = new java.util.HashMap<>();
        for (Map.Entry<String, RotationLink> entry : links.entrySet()) {
            TokenRecord record = byId.get(entry.getKey());
            RotationLink link = entry.getValue();
            TokenRecord first = byId.get(link.familyId());
            TokenRecord successor = link.rotatedTo() == null ? null : byId.get(link.rotatedTo());
            String login = familyLogin.putIfAbsent(link.familyId(), record.login());
            boolean sameLogin = (login == null || login.equals(record.login()))
                    && (first == null || first.login().equals(record.login()))
                    && (successor == null || successor.login().equals(record.login()));
            if (!sameLogin || (link.rotatedTo() != null && record.revokedAt() == null)) {
                throw new IllegalArgumentException("line " + trailer + ": token " + entry.getKey()
                        + " has a rotation family no rotation can have made");
            }
        }
    }

    private static TokenRecord fromJson(JsonNode node) {
        List<Scope> scopes = new ArrayList<>();
        for (JsonNode scope : required(node, "scopes")) {
            scopes.add(Scope.parse(scope.asText()));
        }
        JsonNode window = node.path("refresh_window_s");
        return new TokenRecord(
                required(node, "id").asText(),
                required(node, "login").asText(),
                required(node, "label").asText(),
                Instant.parse(required(node, "created_at").asText()),
                required(node, "created_by").asText(),
                instant(node, "expires_at"),
                window.isNumber() ? Duration.ofSeconds(window.asLong()) : null,
                instant(node, "last_used_at"),
                node.path("last_used_ip").isTextual() ? node.get("last_used_ip").asText() : null,
                scopes,
                instant(node, "revoked_at"),
                Base64.getDecoder().decode(required(node, "secret_digest").asText()));
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : Instant.parse(value.asText());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
