package dev.patgate.gateway.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses, before anything else sees the request (token filter, token API, proxy), the framing
 * and encodings Jetty's parser lets through but the gateway cannot pass on faithfully. The request
 * body is never read, so a refusal costs nothing and is sent before any {@code 100 Continue}.
 *
 * <ul>
 *   <li>{@code Transfer-Encoding} other than exactly {@code chunked} ({@code gzip, chunked}): the
 *       connector decodes only the chunking, so the backend would receive the other coding's bytes
 *       as the content. {@code 400} (RFC 9112 6.1 allows 501; the fault is the client's).</li>
 *   <li>{@code Content-Encoding} naming anything but the registered codings in {@link #CONTENT_CODINGS},
 *       or empty: {@code 415} (RFC 9110 15.5.16).</li>
 * </ul>
 *
 * Jetty itself answers {@code 400} to the rest of broken framing (bad chunk sizes, two lengths,
 * a length with a transfer coding, obsolete line folding, control bytes).
 */
final class RequestFraming extends Handler.Wrapper {

    /** The content codings forwarded unchanged (lower case); the backend decides what to do with them. */
    static final Set<String> CONTENT_CODINGS =
            Set.of("identity", "gzip", "x-gzip", "deflate", "br", "zstd", "compress", "x-compress");

    RequestFraming(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields fields = request.getHeaders();
        if (!chunkedOnly(fields)) {
            refuse(request, response, callback, 400, "bad request: the only transfer coding accepted is chunked");
            return true;
        }
        if (!knownContentCodings(fields)) {
            refuse(request, response, callback, 415, "unsupported content coding");
            return true;
        }
        return super.handle(request, response, callback);
    }

    private static boolean chunkedOnly(HttpFields fields) {
        if (!fields.contains(HttpHeader.TRANSFER_ENCODING)) {
            return true;
        }
        List<String> codings = fields.getCSV(HttpHeader.TRANSFER_ENCODING, false);
        return codings.size() == 1 && codings.get(0).equalsIgnoreCase("chunked");
    }

    private static boolean knownContentCodings(HttpFields fields) {
        if (!fields.contains(HttpHeader.CONTENT_ENCODING)) {
            return true;
        }
        List<String> codings = fields.getCSV(HttpHeader.CONTENT_ENCODING, false);
        return !codings.isEmpty()
                && codings.stream().allMatch(coding -> CONTENT_CODINGS.contains(coding.toLowerCase(Locale.ROOT)));
    }

    private static void refuse(Request request, Response response, Callback callback, int status, String text) {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders()
                .put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8")
                .put(HttpHeader.CACHE_CONTROL, "no-store")
                .put(HttpHeader.CONNECTION, "close")
                .put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
