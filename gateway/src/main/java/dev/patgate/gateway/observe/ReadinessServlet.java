package dev.patgate.gateway.observe;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@value #PATH}: {@code 200 ready} while the store and the backend answer ({@link Readiness}),
 * else {@code 503} with one line that says which does not. No credential needed; nothing of the
 * request is echoed.
 */
public final class ReadinessServlet extends HttpServlet {

    /** Where readiness is answered. */
    public static final String PATH = "/readyz";

    private static final long serialVersionUID = 1L;

    private final transient Readiness readiness;

    public ReadinessServlet(Readiness readiness) {
        this.readiness = Objects.requireNonNull(readiness);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String reason = readiness.notReadyReason();
        byte[] body = ((reason == null ? "ready" : "not ready: " + reason) + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(reason == null ? 200 : 503);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
