package dev.patgate.demo.dav;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hides request headers that milton 4.0.5 would misread:
 * <ul>
 *   <li>{@code If}, always: it has been evaluated in full by {@link LockGate}, while milton would
 *       compare the last entity tag in it, without its quotes, to a quoted one, and refuse with 412;
 *   <li>{@code Range} with a suffix range ({@code bytes=-500}, the last 500 bytes), which milton takes
 *       as {@code 0-500}, announcing a length it cannot send. A server may ignore {@code Range}
 *       (RFC 9110 §14.2), so such a request gets the whole content.
 * </ul>
 */
final class MiltonRequest extends HttpServletRequestWrapper {

    private static final String RANGE = "Range";
    private static final Pattern SAFE_RANGE = Pattern.compile("bytes=\\d+-\\d*(,\\s*\\d+-\\d*)*");

    private final Set<String> hidden;

    private MiltonRequest(HttpServletRequest request, Set<String> hidden) {
        super(request);
        this.hidden = hidden;
    }

    /** {@code request} without its {@code If} header, and without {@code Range} unless it has only {@code first-[last]} ranges. */
    static HttpServletRequest wrap(HttpServletRequest request) {
        String range = request.getHeader(RANGE);
        boolean safeRange = range == null || SAFE_RANGE.matcher(range.strip()).matches();
        return new MiltonRequest(request, safeRange ? Set.of("if") : Set.of("if", "range"));
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
}
