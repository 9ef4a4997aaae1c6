package dev.patgate.demo.cells;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of the stand-in's token and user API, with Cells' field names and types: int64 values are
 * JSON strings, int32 values numbers, enums their names. Reading is strict about types and answers a
 * {@link CellsException} 400 for anything else.
 */
final class CellsJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private CellsJson() {}

    /** Cells' error body {@code {"Code": status, "Title": ..., "Detail": ...}}. */
    static byte[] error(int code, String title, String detail) {
        ObjectNode error = MAPPER.createObjectNode();
        error.put("Code", code);
        error.put("Title", title);
        error.put("Detail", detail);
        return bytes(error);
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A token as Cells' {@code POST /a/auth/tokens} lists it (the hash is never shown). */
    static ObjectNode token(CellsToken token) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("Uuid", token.uuid());
        node.put("Type", token.type());
        node.put("Label", token.label());
        node.put("UserUuid", token.userUuid());
        node.put("UserLogin", token.userLogin());
        ArrayNode scopes = node.putArray("Scopes");
        token.scopes().forEach(scopes::add);
        node.put("AutoRefreshWindow", token.autoRefreshWindow());
        node.put("ExpiresAt", Long.toString(token.expiresAt()));
        node.put("CreatedBy", token.createdBy());
        node.put("CreatedAt", Long.toString(token.createdAt()));
        node.put("UpdatedAt", Long.toString(token.updatedAt()));
        return node;
    }

    /** A user as Cells' {@code GET /a/user/{Login}} shows it. */
    static ObjectNode user(CellsUser user) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("Uuid", user.uuid());
        node.put("Login", user.login());
        node.put("GroupPath", user.groupPath());
        ObjectNode attributes = node.putObject("Attributes");
        user.attributes().forEach(attributes::put);
        return node;
    }

    /** The body as a JSON object; an empty body is an empty object. */
    static JsonNode object(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new CellsException(400, "request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new CellsException(400, "request body must be a JSON object");
        }
        return node;
    }

    /** An optional string field; null when absent or JSON null. */
    static String string(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new CellsException(400, field + " must be a string");
        }
        return value.textValue();
    }

    /** An optional int64 field, given as Cells does (a string of digits) or as a JSON integer; 0 when absent. */
    static long int64(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual() && value.textValue().matches("-?[0-9]{1,18}")) {
            return Long.parseLong(value.textValue());
        }
        throw new CellsException(400, field + " must be an int64 (a string of digits)");
    }

    /** An optional int32 field, as a JSON integer or a string of digits; 0 when absent. */
    static int int32(JsonNode body, String field) {
        long value = int64(body, field);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new CellsException(400, field + " must be an int32");
        }
        return (int) value;
    }

    /** An optional array of strings; empty when absent. */
    static List<String> strings(JsonNode body, String field) {
        JsonNode value = body.get(field);
        List<String> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            throw new CellsException(400, field + " must be an array of strings");
        }
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new CellsException(400, field + " must be an array of strings");
            }
            result.add(item.textValue());
        }
        return result;
    }

    /** An optional map of strings; null when absent. */
    static Map<String, String> stringMap(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new CellsException(400, field + " must be an object of strings");
        }
        Map<String, String> result = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new CellsException(400, field + " values must be strings");
            }
            result.put(entry.getKey(), entry.getValue().textValue());
        }
        return result;
    }
}
