package dev.patgate.filter;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.patgate.auth.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes every refusal the same way: status, {@code WWW-Authenticate} challenges, {@code Retry-After},
 * {@code Cache-Control: no-store} and a small JSON body, all as the {@link Refusal} says. Nothing of
 * the request is echoed.
 */
final class ChallengeWriter {

    /** The body of every refusal (RFC 6750 §3's error attributes, as JSON). */
    record Body(
            String error, @JsonProperty("error_description") String description) {}

    private static final ObjectWriter JSON = JsonMapper.builder().build().writerFor(Body.class);

    private final String realm;

    ChallengeWriter(String realm) {
        this.realm = realm;
    }

    void write(HttpServletRequest request, HttpServletResponse response, Refusal refusal) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setStatus(refusal.status());
        for (String challenge : refusal.challenges(realm)) {
            response.addHeader("WWW-Authenticate", challenge);
        }
        if (refusal.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Long.toString(refusal.retryAfterSeconds()));
        }
        if (refusal.closesConnection()) {
            response.setHeader("Connection", "close");
        } else {
            closeIfBodyUnread(request, response);
        }
        response.setHeader("Cache-Control", "no-store");
        writeBody(response, JSON.writeValueAsString(new Body(refusal.error(), refusal.description())) + "\n");
    }

    /**
     * A refused request may still be sending its body (a 1 GiB PUT with an expired token). The
     * container then closes the connection rather than read the rest, so say so: the client stops
     * sending and does not reuse the connection. A body the scope check has read to the end needs
     * no such notice. A request that sent {@code Expect: 100-continue} is never asked for its
     * stream here: a Servlet container answers {@code 100 Continue} as soon as the stream is taken,
     * and the refusal must come first (RFC 9110 10.1.1); its connection closes, since the client may
     * or may not send the body it announced.
     */
    private static void closeIfBodyUnread(HttpServletRequest request, HttpServletResponse response) {
        boolean body = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (body && (expectsContinue(request) || !bodyReadToTheEnd(request))) {
            response.setHeader("Connection", "close");
        }
    }

    private static boolean expectsContinue(HttpServletRequest request) {
        String expect = request.getHeader("Expect");
        return expect != null && expect.strip().equalsIgnoreCase("100-continue");
    }

    private static boolean bodyReadToTheEnd(HttpServletRequest request) {
        try {
            return request.getInputStream().isFinished();
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    private static void writeBody(HttpServletResponse response, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
