package dev.patgate.gateway.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.json.MalformedJsonException;
import dev.patgate.json.StrictJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/** The page's own JSON: answers written from records, bodies read with the one strict reader. */
final class PageJson {

    static final int MAX_BODY = 4 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PageJson() {}

    /** The body of every refusal, as the token API's: {@code {"error": CODE, "message": TEXT}}. */
    record Error(String error, String message) {}

    static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    static void error(HttpServletResponse response, int status, String code, String message) throws IOException {
        write(response, status, new Error(code, message));
    }

    /** One strict JSON object of at most {@value #MAX_BODY} bytes, or {@code null} when it is not one. */
    static JsonNode readObject(HttpServletRequest request) throws IOException {
        if (!StrictJson.isJsonContentType(request.getContentType())) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            return null;
        }
        try {
            JsonNode body = StrictJson.read(bytes, MAX_BODY);
            return body != null && body.isObject() ? body : null;
        } catch (MalformedJsonException e) {
            return null;
        }
    }
}
