package dev.patgate.gateway.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.List;

/**
 * The body of {@code POST /patgate/tokens} (docs/token-api.md): every field optional, every value a
 * string, {@code scopes} a list of at most {@value #MAX_SCOPES} strings. Bound from the tree that
 * {@link dev.patgate.json.StrictJson} read; nothing is coerced (a number is not a string).
 */
record CreateTokenBody(String user, String label, String expire, String auto, List<String> scopes) {

    static final int MAX_SCOPES = 20;

    /** Binds the API bodies strictly: unknown fields refused, no scalar coerced into another kind. */
    static final ObjectMapper BINDER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(
                    LogicalType.Textual,
                    text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    CreateTokenBody {
        scopes = scopes == null ? List.of() : scopes;
    }

    /**
     * @param tree a JSON object
     * @throws ApiError 400 naming the field at fault
     */
    static CreateTokenBody bind(JsonNode tree) throws ApiError {
        CreateTokenBody body;
        try {
            body = BINDER.treeToValue(tree, CreateTokenBody.class);
        } catch (UnrecognizedPropertyException e) {
            throw ApiError.badRequest("unknown field: the fields are user, label, expire, auto and scopes");
        } catch (JsonMappingException e) {
            List<JsonMappingException.Reference> where = e.getPath();
            String field = where.isEmpty() ? "the body" : where.get(0).getFieldName();
            if ("scopes".equals(field)) {
                throw scopesRefused(where.size() > 1 ? "" : " at most " + MAX_SCOPES);
            }
            throw ApiError.badRequest(field + ": must be a string");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiError.badRequest("the body must be a JSON object of strings");
        }
        if (body.scopes().size() > MAX_SCOPES) {
            throw scopesRefused(" at most " + MAX_SCOPES);
        }
        return body;
    }

    private static ApiError scopesRefused(String howMany) {
        return ApiError.badRequest("scopes: must be a list of" + howMany + " strings like \"node:<uuid>:rw\"");
    }
}
