package dev.patgate.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A request as this server received it, before any check: for tests that assert what reached the
 * backend (for instance that no {@code Authorization} header or token got through the gateway).
 *
 * @param method  the HTTP method
 * @param uri     the request target as received: the raw (still encoded) path and, when present,
 *                {@code ?} and the query string
 * @param headers every header field, name to values in the order received; looked up without regard
 *                to case
 */
public record RecordedRequest(String method, String uri, Map<String, List<String>> headers) {

    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), RecordedRequest::concat));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The values of one header field, in order; empty when absent. */
    public List<String> header(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** Whether the header field is present, whatever the case of its name. */
    public boolean hasHeader(String name) {
        return headers.containsKey(name);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
