package dev.patgate.testsupport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Request pieces that many integration tests build the same way, for java.net.http. */
public final class Requests {

    /** How long a test waits for any one answer from a local server before it fails. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Requests() {}

    /** {@code Basic <base64(login:password)>}, UTF-8, as RFC 7617 with {@code charset="UTF-8"}. */
    public static String basic(String login, String password) {
        return "Basic " + basicCredentials(login, password);
    }

    /** Only the base64 part of {@link #basic}: the value that must never reach a log or a backend. */
    public static String basicCredentials(String login, String password) {
        return Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code method uri} with {@code body} as UTF-8 (none when null), the header pairs in order
     * ({@code name, value, name, value, ...}; a name may repeat) and a {@link #TIMEOUT}.
     *
     * @throws IllegalArgumentException when a header name has no value
     */
    public static HttpRequest.Builder builder(URI uri, String method, String body, String... headerPairs) {
        if (headerPairs.length % 2 != 0) {
            throw new IllegalArgumentException("header pairs must be name, value, ...");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(TIMEOUT);
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.header(headerPairs[i], headerPairs[i + 1]);
        }
        return request;
    }
}
