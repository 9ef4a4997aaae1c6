package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdDelegatingSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.patgate.scope.RestRoute;
import dev.patgate.token.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Binds YAML files into records with Jackson, strictly: a key that appears twice, a key no record
 * component names ({@link DeserializationFeature#FAIL_ON_UNKNOWN_PROPERTIES}), and a value of the
 * wrong kind (text for a number, a fraction for a whole number, a number for a flag, a list for a
 * single value) are all refused. Keys are the components' names in snake_case. Durations use
 * {@link Durations}' grammar.
 *
 * <p>Every refusal becomes an {@link IllegalArgumentException} with one line that names the field by
 * its dotted path ({@code listen.port}, {@code scopes.rest[0]}) and says what is allowed:
 * <ul>
 *   <li>a record's own validation message, when it already starts with that path (the records name
 *       their fields); otherwise the path, a colon and the message;</li>
 *   <li>for a value of the wrong kind, the field's {@link com.fasterxml.jackson.annotation.JsonPropertyDescription},
 *       which by convention is the predicate shown after the field's name (e.g. {@code must be a
 *       whole number from 0 to 65535}); else its type's {@link JsonClassDescription}, the same kind
 *       of predicate; else one chosen by the field's type ({@code must be a list}).</li>
 * </ul>
 */
public final class YamlBinding {

    private static final ObjectMapper MAPPER = mapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private static final ObjectMapper WRITER = mapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private static ObjectMapper mapper(YAMLFactory factory) {
        return YAMLMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(
                        LogicalType.Textual,
                        text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Integer,
                        number -> number.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .addModule(new SimpleModule("patgate-config")
                        .addSerializer(Duration.class, new DurationSerializer())
                        .addDeserializer(Duration.class, new DurationDeserializer())
                        .addSerializer(RestRoute.class, new StdDelegatingSerializer(RestRouteEntry.FROM_ROUTE))
                        .addDeserializer(RestRoute.class, new StdDelegatingDeserializer<>(RestRouteEntry.TO_ROUTE)))
                .build();
    }

    private YamlBinding() {}

    /**
     * Reads YAML text into a tree.
     *
     * @return the tree; {@code null} or a missing node when the text holds no document
     * @throws JsonProcessingException when the text is not YAML or a key appears twice in one mapping
     *         (its message starts with {@code Duplicate field}); the caller words it, with the location
     */
    public static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /**
     * Binds a tree into a record.
     *
     * @throws IllegalArgumentException with one line naming the field and what it allows
     */
    public static <T> T bind(JsonNode tree, Class<T> type) {
        return bind(tree, type, true);
    }

    /**
     * As {@link #bind}, for a file that holds secrets: an unknown key is named by where it is
     * ({@code users.alice: unknown key}), never echoed, since a misplaced secret may be the key.
     */
    public static <T> T bindSecrets(JsonNode tree, Class<T> type) {
        return bind(tree, type, false);
    }

    private static <T> T bind(JsonNode tree, Class<T> type, boolean showUnknownKeys) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw translate(e, showUnknownKeys);
        }
    }

    /**
     * {@code given} laid over {@code defaults}: a mapping in both is merged key by key, a key given
     * as null ({@code key: ~}) keeps the default, anything else given replaces the default.
     */
    static JsonNode overlay(JsonNode defaults, JsonNode given) {
        if (given == null || given.isNull() || given.isMissingNode()) {
            return defaults;
        }
        if (!(defaults instanceof ObjectNode base) || !given.isObject()) {
            return given;
        }
        ObjectNode merged = base.deepCopy();
        for (Map.Entry<String, JsonNode> entry : given.properties()) {
            JsonNode fallback = base.get(entry.getKey());
            merged.set(entry.getKey(), fallback == null ? entry.getValue() : overlay(fallback, entry.getValue()));
        }
        return merged;
    }

    /**
     * Writes a record as a YAML document that {@link #read} and {@link #bind} take back, without a
     * {@code ---} marker; text is quoted where YAML would read it otherwise.
     */
    public static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /** A value as the tree it would be read from, e.g. a record's defaults. */
    static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    private static IllegalArgumentException translate(JsonProcessingException e, boolean showUnknownKeys) {
        List<JsonMappingException.Reference> where =
                e instanceof JsonMappingException mapping ? mapping.getPath() : List.of();
        String path = path(where);
        if (e instanceof UnrecognizedPropertyException unknown && !showUnknownKeys) {
            return new IllegalArgumentException(path(where.subList(0, where.size() - 1)) + ": unknown key (allowed: "
                    + allowed(unknown.getKnownPropertyIds()) + ")");
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new IllegalArgumentException("unknown key '" + unknownKey(where) + "' (allowed: "
                    + allowed(unknown.getKnownPropertyIds()) + ")");
        }
        Throwable deepest = e;
        Throwable wrongKind = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            deepest = t;
            if (t instanceof MismatchedInputException || t instanceof InputCoercionException) {
                wrongKind = t;
            }
        }
        if (wrongKind == null && deepest instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
            String message = invalid.getMessage();
            return new IllegalArgumentException(
                    path.isEmpty() || message.startsWith(path) ? message : path + ": " + message);
        }
        if (path.isEmpty()) {
            return new IllegalArgumentException("the file must be a mapping of sections");
        }
        return new IllegalArgumentException(path + " " + expected(where, targetType(wrongKind)));
    }

    private static Class<?> targetType(Throwable wrongKind) {
        if (wrongKind instanceof MismatchedInputException mismatch) {
            return mismatch.getTargetType();
        }
        if (wrongKind instanceof InputCoercionException coercion) {
            return coercion.getTargetType();
        }
        return null;
    }

    /** What a field of the wrong kind must be: its description, or a predicate by its type. */
    private static String expected(List<JsonMappingException.Reference> where, Class<?> type) {
        JsonMappingException.Reference last = where.get(where.size() - 1);
        Object from = last.getFrom();
        if (last.getFieldName() != null && from != null) {
            Class<?> owner = from instanceof Class<?> c ? c : from.getClass();
            String description = description(owner, last.getFieldName());
            if (description != null) {
                return description;
            }
        }
        if (type == null) {
            return "has a value of the wrong kind";
        }
        JsonClassDescription described = type.getAnnotation(JsonClassDescription.class);
        if (described != null) {
            return described.value();
        }
        if (type == String.class) {
            return "must be a single text value";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "must be a list";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a whole number";
        }
        return "must be a mapping of keys to values";
    }

    private static String description(Class<?> owner, String field) {
        BeanDescription bean = MAPPER.getDeserializationConfig().introspect(MAPPER.constructType(owner));
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (property.getName().equals(field)) {
                return property.getMetadata().getDescription();
            }
        }
        return null;
    }

    private static String path(List<JsonMappingException.Reference> where) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference step : where) {
            if (step.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                out.append('[').append(step.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** The unknown key's path, its last name shown only when short and printable. */
    private static String unknownKey(List<JsonMappingException.Reference> where) {
        String name = where.get(where.size() - 1).getFieldName();
        String shown = name != null && name.length() <= 40 && name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                ? name
                : "(unprintable)";
        String parent = path(where.subList(0, where.size() - 1));
        return parent.isEmpty() ? shown : parent + "." + shown;
    }

    private static String allowed(Collection<Object> known) {
        return String.join(", ", known.stream().map(Objects::toString).sorted().toList());
    }

    /** Writes a duration in the largest unit that divides it, as {@link Durations#format}. */
    private static final class DurationSerializer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(Durations.format(value));
        }
    }

    /** Reads text or a whole number with {@link Durations#parse}; anything else is refused. */
    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser in, DeserializationContext context) throws IOException {
            JsonToken token = in.currentToken();
            if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NUMBER_INT) {
                in.skipChildren();
                throw new IllegalArgumentException(Durations.ACCEPTED);
            }
            return Durations.parse(in.getText());
        }
    }
}
