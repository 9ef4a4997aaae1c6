package dev.patgate.gateway.proxy;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers every request with one fixed status and text, whatever the method: the health check
 * ({@code 200 ok}) and every path outside the routes ({@code 404 not found}).
 */
final class FixedAnswerServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String body;

    FixedAnswerServlet(int status, String body) {
        this.status = status;
        this.body = body;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PlainText.write(response, status, body);
    }
}
