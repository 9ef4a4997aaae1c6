package dev.patgate.gateway.api;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The gateway's metrics at {@value #PATH} (and at {@value #BIND_PATH} on the metrics listener of
 * {@code metrics.bind}), in the Prometheus text format, for the holder of the metrics secret: {@code
 * Authorization: Bearer <secret>} (Prometheus' {@code authorization} / {@code bearer_token_file}
 * scrape setting), compared in constant time. No password of the user directory is accepted, an
 * admin's neither. A missing or wrong secret gets 401 with {@value #CHALLENGE}. Counts only: no
 * login, token id or path appears. See docs/operations.md, "Health and metrics".
 */
public final class MetricsServlet extends HttpServlet {

    /** Where the metrics are served on the gateway's listener. */
    public static final String PATH = "/patgate/metrics";

    /** Where the metrics are served on the metrics listener. */
    public static final String BIND_PATH = "/metrics";

    /** The challenge of a request without the right secret. */
    public static final String CHALLENGE = "Bearer realm=\"patgate-metrics\"";

    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final long serialVersionUID = 1L;

    private final transient Supplier<String> exposition;
    private final byte[] secretDigest;

    /**
     * @param exposition gives the Prometheus text
     * @param secret the bearer secret asked for; {@code null} to ask for none (only on the metrics
     *        listener, whose address is the protection)
     */
    public MetricsServlet(Supplier<String> exposition, String secret) {
        this.exposition = Objects.requireNonNull(exposition);
        this.secretDigest = secret == null ? null : sha256(secret);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (secretDigest != null && !presentsSecret(request)) {
            response.setHeader("WWW-Authenticate", CHALLENGE);
            plain(response, 401, "unauthorized: the metrics need the metrics bearer secret");
            return;
        }
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            plain(response, 405, "method not allowed");
            return;
        }
        byte[] body = exposition.get().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Whether the request has exactly one {@code Authorization: Bearer} header with the secret. */
    private boolean presentsSecret(HttpServletRequest request) {
        List<String> values = Collections.list(request.getHeaders("Authorization"));
        if (values.size() != 1) {
            return false;
        }
        String value = values.get(0);
        if (value.length() < 8
                || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(sha256(value.substring(7).strip()), secretDigest);
    }

    private static void plain(HttpServletResponse response, int status, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Digests of equal length, so that comparing them takes the same time whatever was sent. */
    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
