package dev.patgate.demo.dav;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Hides a {@code Range} header that milton would misread. Milton 4.0.5 takes a suffix range
 * ({@code bytes=-500}, the last 500 bytes) as {@code 0-500} and announces a length it cannot send.
 * A server may ignore {@code Range} (RFC 9110 §14.2), so such a request gets the whole content.
 */
final class IgnoreSuffixRanges extends HttpServletRequestWrapper {

    private static final String RANGE = "Range";
    private static final Pattern SAFE = Pattern.compile("bytes=\\d+-\\d*(,\\s*\\d+-\\d*)*");

    private IgnoreSuffixRanges(HttpServletRequest request) {
        super(request);
    }

    /** {@code request} itself when its Range header is absent or has only {@code first-[last]} ranges. */
    static HttpServletRequest wrap(HttpServletRequest request) {
        String range = request.getHeader(RANGE);
        return range == null || SAFE.matcher(range.strip()).matches() ? request : new IgnoreSuffixRanges(request);
    }

    @Override
    public String getHeader(String name) {
        return RANGE.equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return RANGE.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = Collections.list(super.getHeaderNames());
        names.removeIf(RANGE::equalsIgnoreCase);
        return Collections.enumeration(names);
    }
}
