package dev.patgate.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes the gateway's own JSON answers, each a record serialised by Jackson. */
final class JsonAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonAnswer() {}

    /** Sets the status and writes {@code body} as UTF-8 JSON. */
    static void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(bytes(body));
    }

    /** {@code body} as UTF-8 JSON: a record's components in their order, nulls written. */
    static byte[] bytes(Object body) throws IOException {
        return JSON.writeValueAsBytes(body);
    }
}
