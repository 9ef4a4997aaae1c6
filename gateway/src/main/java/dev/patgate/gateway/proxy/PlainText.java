package dev.patgate.gateway.proxy;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes the gateway's own short answers: plain text, never cached, nothing of the request echoed. */
final class PlainText {

    private PlainText() {}

    static void write(HttpServletResponse response, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The body the gateway answers with for a status it produces itself. */
    static String bodyFor(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 502 -> "bad gateway: the file server cannot be reached";
            case 504 -> "gateway timeout: the file server did not answer in time";
            default -> status >= 500 ? "the gateway could not complete the request" : "request refused";
        };
    }
}
