package dev.patgate.demo.dav;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request as milton 4.0.5 sees it, without what it would misread:
 * <ul>
 *   <li>{@code If}, always: it has been evaluated in full by {@link LockGate}, while milton would
 *       compare the last entity tag in it, without its quotes, to a quoted one, and refuse with 412;
 *   <li>{@code Range} with a suffix range ({@code bytes=-500}, the last 500 bytes), which milton takes
 *       as {@code 0-500}, announcing a length it cannot send. A server may ignore {@code Range}
 *       (RFC 9110 §14.2), so such a request gets the whole content;
 *   <li>{@code Content-Type} and request parameters, always: milton reads the parameters of every
 *       request, which makes Jetty consume a PUT body of type {@code application/x-www-form-urlencoded}
 *       as a form (and milton parse a {@code multipart/form-data} one), so that the file would be
 *       stored empty. A WebDAV body is content, whatever its type.
 * </ul>
 * A body that was read before milton (PROPFIND's, to check it) is handed to milton again.
 */
final class MiltonRequest extends HttpServletRequestWrapper {

    private static final String RANGE = "Range";
    private static final Pattern SAFE_RANGE = Pattern.compile("bytes=\\d+-\\d*(,\\s*\\d+-\\d*)*");

    private final Set<String> hidden;
    private final byte[] body;

    private MiltonRequest(HttpServletRequest request, Set<String> hidden, byte[] body) {
        super(request);
        this.hidden = hidden;
        this.body = body;
    }

    /**
     * {@code request} as milton should see it.
     *
     * @param body the body, when it has been read already; null to let milton read the request's stream
     */
    static HttpServletRequest wrap(HttpServletRequest request, byte[] body) {
        String range = request.getHeader(RANGE);
        boolean safeRange = range == null || SAFE_RANGE.matcher(range.strip()).matches();
        return new MiltonRequest(
                request, safeRange ? Set.of("if", "content-type") : Set.of("if", "content-type", "range"), body);
    }

    private boolean isHidden(String name) {
        return name != null && hidden.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String getHeader(String name) {
        return isHidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return isHidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = Collections.list(super.getHeaderNames());
        names.removeIf(this::isHidden);
        return Collections.enumeration(names);
    }

    @Override
    public String getContentType() {
        return null;
    }

    @Override
    public String getParameter(String name) {
        return null;
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return Map.of();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.emptyEnumeration();
    }

    @Override
    public String[] getParameterValues(String name) {
        return null;
    }

    @Override
    public int getContentLength() {
        return body == null ? super.getContentLength() : body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body == null ? super.getContentLengthLong() : body.length;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        return body == null ? super.getInputStream() : new Replayed(body);
    }

    /** A body read before, as a stream again. */
    private static final class Replayed extends ServletInputStream {
        private final ByteArrayInputStream in;

        Replayed(byte[] body) {
            this.in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("blocking reads only");
        }
    }
}
