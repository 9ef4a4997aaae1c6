package dev.patgate.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The one way patgate reads JSON it is sent: the token API's bodies, the REST bodies whose targets a
 * scoped token is checked against, and the backend's node answers. A document is read one way only,
 * so that the gateway never decides on one reading while the backend acts on another.
 *
 * <p>Accepted: exactly one RFC 8259 JSON value, in well-formed UTF-8, surrounded by nothing but JSON
 * whitespace. Refused, each with {@link MalformedJsonException}:
 * <ul>
 *   <li>a second value or any other text after the first ({@code {} {}}, {@code {}x});</li>
 *   <li>a key that appears twice in one object, at any depth;</li>
 *   <li>every extension Jackson can be configured to allow (comments, single quotes, unquoted names,
 *       {@code NaN} and {@code Infinity}, leading zeros or {@code +}, {@code .5} and {@code 5.},
 *       unescaped control characters, {@code \q}-style escapes, missing values, trailing commas, the
 *       RS character): all are switched off explicitly here, not left to defaults;</li>
 *   <li>bytes that are not well-formed UTF-8 (overlong forms, encoded surrogates, truncated
 *       sequences), a byte order mark, and a {@code \\u} escape that leaves a surrogate unpaired;</li>
 *   <li>nesting deeper than {@value #MAX_DEPTH} arrays and objects, a number longer than
 *       {@value #MAX_NUMBER_LENGTH} characters, a document longer than the caller's limit (at most
 *       {@value #MAX_DOCUMENT_BYTES} bytes), and the empty document.</li>
 * </ul>
 * Numbers are read exactly (as {@link java.math.BigDecimal} when they have a fraction or exponent),
 * never rounded to infinity; one whose exponent does not fit a {@code BigDecimal} scale (beyond
 * about ±2<sup>31</sup>) is refused.
 *
 * <p>{@link #isJsonContentType} is the one rule for the {@code Content-Type} a JSON body must carry.
 */
public final class StrictJson {

    /** The deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 32;
    /** The longest number accepted, in characters. */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** The largest document accepted by any caller, in bytes (the ceiling of {@code scopes.max_body}). */
    public static final int MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

    private static final ObjectMapper MAPPER = mapper();

    private StrictJson() {}

    private static ObjectMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxDocumentLength(MAX_DOCUMENT_BYTES)
                        .maxStringLength(MAX_DOCUMENT_BYTES)
                        .build())
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(factory)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        for (JsonReadFeature extension : JsonReadFeature.values()) {
            builder.disable(extension);
        }
        return builder.build();
    }

    /** As {@link #read(byte[], int)} with the ceiling {@value #MAX_DOCUMENT_BYTES} as the limit. */
    public static JsonNode read(byte[] document) throws MalformedJsonException {
        return read(document, MAX_DOCUMENT_BYTES);
    }

    /**
     * Reads one JSON document under the rules above.
     *
     * @param document the bytes as received, UTF-8; null is refused like the empty document
     * @param maxBytes the caller's limit, at most {@value #MAX_DOCUMENT_BYTES}
     * @return the value, never null (the top-level value may be of any JSON type)
     * @throws MalformedJsonException naming the rule broken, never quoting the document
     * @throws IllegalArgumentException if {@code maxBytes} is not from 1 to {@value #MAX_DOCUMENT_BYTES}
     */
    public static JsonNode read(byte[] document, int maxBytes) throws MalformedJsonException {
        if (maxBytes < 1 || maxBytes > MAX_DOCUMENT_BYTES) {
            throw new IllegalArgumentException("maxBytes must be from 1 to " + MAX_DOCUMENT_BYTES);
        }
        if (document == null || document.length == 0) {
            throw new MalformedJsonException("the document is empty");
        }
        if (document.length > maxBytes) {
            throw new MalformedJsonException("the document is larger than " + maxBytes + " bytes");
        }
        String text = utf8(document);
        if (text.charAt(0) == '\uFEFF') {
            throw new MalformedJsonException("the document starts with a byte order mark");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new MalformedJsonException(limitBroken(e));
        } catch (MismatchedInputException e) {
            throw new MalformedJsonException(
                    e.getOriginalMessage().startsWith("Trailing token")
                            ? "more than one JSON value"
                            : "not valid JSON");
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(
                    e.getOriginalMessage().startsWith("Duplicate field")
                            ? "a key appears twice in one object"
                            : "not valid JSON");
        } catch (NumberFormatException | ArithmeticException e) {
            // an exponent BigDecimal cannot hold, e.g. 1e99999999999; the exception quotes the number
            throw new MalformedJsonException("a number is out of range");
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedJsonException("the document has no value");
        }
        checkSurrogates(root);
        return root;
    }

    /**
     * Whether a {@code Content-Type} value announces JSON: the media type {@code application/json}
     * (type and subtype case-insensitive, RFC 9110 §8.3.1) with no parameter or with the single
     * parameter {@code charset=utf-8} (name and value case-insensitive, the value optionally quoted),
     * optional whitespace only around the {@code ;}. Everything else is not: a missing value,
     * {@code application/jsonp}, {@code application/json-patch+json}, {@code text/json}, another
     * charset, another parameter, an empty parameter, a repeated one, and any non-ASCII character
     * (which Java's case-insensitive comparison could otherwise fold onto ASCII: {@code ſ} onto {@code s}).
     *
     * @param contentType the header value as received; null means the header is missing
     */
    public static boolean isJsonContentType(String contentType) {
        if (contentType == null) {
            return false;
        }
        String value = trimSpace(contentType);
        if (!value.chars().allMatch(c -> c < 0x80)) {
            return false;
        }
        int semicolon = value.indexOf(';');
        String mediaType = semicolon < 0 ? value : trimSpace(value.substring(0, semicolon));
        if (!mediaType.equalsIgnoreCase("application/json")) {
            return false;
        }
        if (semicolon < 0) {
            return true;
        }
        String parameter = trimSpace(value.substring(semicolon + 1));
        int equals = parameter.indexOf('=');
        if (equals < 0 || !parameter.substring(0, equals).equalsIgnoreCase("charset")) {
            return false;
        }
        String charset = parameter.substring(equals + 1).toLowerCase(Locale.ROOT);
        return charset.equals("utf-8") || charset.equals("\"utf-8\"");
    }

    private static String utf8(byte[] document) throws MalformedJsonException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(document))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedJsonException("the document is not well-formed UTF-8");
        }
    }

    private static String limitBroken(StreamConstraintsException e) {
        String message = e.getOriginalMessage();
        if (message.contains("nesting depth")) {
            return "the document is nested deeper than " + MAX_DEPTH + " levels";
        }
        if (message.startsWith("Number value length")) {
            return "a number is longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        return "the document exceeds a size limit";
    }

    /** Walks the tree without recursion; the depth is already bounded, the width is not. */
    private static void checkSurrogates(JsonNode root) throws MalformedJsonException {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isTextual()) {
                checkSurrogates(node.textValue());
            } else if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    checkSurrogates(field.getKey());
                    pending.push(field.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(pending::push);
            }
        }
    }

    private static void checkSurrogates(String text) throws MalformedJsonException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new MalformedJsonException("a string has an unpaired surrogate escape");
            }
        }
    }

    /** Strips RFC 9110 optional whitespace (space and tab) from both ends. */
    private static String trimSpace(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        return text.substring(start, end);
    }
}
