package dev.patgate.demo.dav;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/** The bodies of requests answered in front of milton, which are read whole and parsed. */
final class RequestBody {

    private RequestBody() {}

    /**
     * Reads the whole body; empty when there is none.
     *
     * @param limit the most bytes accepted
     * @param method names the body in the refusal
     * @throws DavRefusal 413 when the body is longer than {@code limit}
     */
    static byte[] read(HttpServletRequest request, int limit, String method) throws IOException, DavRefusal {
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(method);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw tooLarge(method);
            }
            return body;
        }
    }

    /**
     * Whether the request has a body of at least one byte: a positive {@code Content-Length}, or, when
     * the length is not announced (chunked), a first byte, which is consumed.
     */
    static boolean isPresent(HttpServletRequest request) throws IOException {
        long length = request.getContentLengthLong();
        return length > 0 || length < 0 && request.getInputStream().read() >= 0;
    }

    private static DavRefusal tooLarge(String method) {
        return DavRefusal.plain(413, method + " body too large");
    }
}
