package dev.patgate.demo.dav;

import dev.patgate.demo.xml.Xml;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A request refused before it reaches milton, with its status and body: plain text, or for the
 * RFC 4918 §16 preconditions a {@code DAV:error} document naming the precondition and any hrefs.
 */
final class DavRefusal extends Exception {

    private final int status;
    private final String contentType;
    private final String body;

    private DavRefusal(int status, String message, String contentType, String body) {
        super(message);
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    /** A refusal with a one-line plain text body. */
    static DavRefusal plain(int status, String message) {
        return new DavRefusal(status, message, "text/plain;charset=utf-8", message + "\n");
    }

    /** A refusal with a {@code <D:error>} body holding the precondition element with {@code hrefs} inside. */
    static DavRefusal precondition(int status, String precondition, List<String> hrefs) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<D:error xmlns:D=\"DAV:\"><D:")
                .append(precondition);
        if (hrefs.isEmpty()) {
            xml.append("/>");
        } else {
            xml.append('>');
            hrefs.forEach(
                    href -> xml.append("<D:href>").append(Xml.escape(href)).append("</D:href>"));
            xml.append("</D:").append(precondition).append('>');
        }
        xml.append("</D:error>\n");
        return new DavRefusal(status, precondition, "application/xml;charset=utf-8", xml.toString());
    }

    int status() {
        return status;
    }

    /**
     * Writes the refusal. When the request's body has not been read (a PUT refused before its upload,
     * say), the answer says {@code Connection: close}: Jetty closes the connection after it, and a
     * client that was not told would send its next request into the closed connection.
     */
    void writeTo(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (hasBody && !request.getInputStream().isFinished()) {
            response.setHeader("Connection", "close");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
