package dev.patgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.patgate.token.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One mapping of the YAML tree, read strictly: unknown keys and values of the wrong type are refused
 * with an {@link IllegalArgumentException} whose message names the field by its dotted path. A key
 * that is absent or set to nothing ({@code key:}) takes the default.
 */
final class YamlSection {

    private final String path;
    private final JsonNode node;

    private YamlSection(String path, JsonNode node) {
        this.path = path;
        this.node = node;
    }

    static YamlSection root(JsonNode node) {
        if (isAbsent(node)) {
            return new YamlSection("", MissingNode.getInstance());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the file must be a mapping of sections");
        }
        return new YamlSection("", node);
    }

    /** Refuses any key that is not in {@code allowed}, naming the first one found. */
    YamlSection allow(Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String shown = name.length() <= 40 && name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                        ? name : "(unprintable)";
                throw new IllegalArgumentException("unknown key '" + name(shown) + "' (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        return this;
    }

    YamlSection section(String key) {
        JsonNode child = node.path(key);
        if (isAbsent(child)) {
            return new YamlSection(name(key), MissingNode.getInstance());
        }
        if (!child.isObject()) {
            throw new IllegalArgumentException(name(key) + " must be a mapping of keys to values");
        }
        return new YamlSection(name(key), child);
    }

    String text(String key, String fallback) {
        JsonNode value = node.path(key);
        if (isAbsent(value)) {
            return fallback;
        }
        if (!value.isValueNode() || value.isBoolean()) {
            throw new IllegalArgumentException(name(key) + " must be a single text value");
        }
        return value.asText();
    }

    long number(String key, long fallback, String allowed) {
        JsonNode value = node.path(key);
        if (isAbsent(value)) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(name(key) + " must be " + allowed);
        }
        return value.asLong();
    }

    boolean flag(String key, boolean fallback) {
        JsonNode value = node.path(key);
        if (isAbsent(value)) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(name(key) + " must be true or false");
        }
        return value.asBoolean();
    }

    /** A duration in the CLI's syntax ({@code 30s}, {@code 5m}, {@code 24h}, {@code 7d}; a bare number is seconds). */
    Duration duration(String key, Duration fallback) {
        JsonNode value = node.path(key);
        if (isAbsent(value)) {
            return fallback;
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            throw new IllegalArgumentException(name(key) + ": " + Durations.ACCEPTED);
        }
        try {
            return Durations.parse(value.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name(key) + ": " + e.getMessage());
        }
    }

    List<String> texts(String key, List<String> fallback) {
        JsonNode value = node.path(key);
        if (isAbsent(value)) {
            return fallback;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(name(key) + " must be a list");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                throw new IllegalArgumentException(name(key) + "[" + i + "] must be a text value");
            }
            out.add(item.asText());
        }
        return out;
    }

    /** A list of mappings, e.g. {@code scopes.rest}; {@code null} when absent. */
    List<YamlSection> sections(String key) {
        JsonNode value = node.path(key);
        if (isAbsent(value)) {
            return null;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(name(key) + " must be a list");
        }
        List<YamlSection> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isObject()) {
                throw new IllegalArgumentException(name(key) + "[" + i + "] must be a mapping of keys to values");
            }
            out.add(new YamlSection(name(key) + "[" + i + "]", item));
        }
        return out;
    }

    /** The dotted name of {@code key} in this section, as messages show it. */
    String name(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static boolean isAbsent(JsonNode value) {
        return value == null || value.isMissingNode() || value.isNull();
    }
}
