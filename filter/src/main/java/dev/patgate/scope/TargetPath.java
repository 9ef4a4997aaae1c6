package dev.patgate.scope;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The target of a request as decoded path segments, so that targets are compared segment by segment
 * and never as raw string prefixes ({@code /a/b} is not under {@code /a/bc}).
 *
 * <p>Every segment is non-empty, contains no {@code /}, no {@code \}, no control character
 * ({@link Character#isISOControl}), and does not end with a dot; so {@code .} and {@code ..} are never
 * segments. The root is the empty list. Refusals throw {@link IllegalArgumentException} with a message
 * that never quotes the input.
 *
 * <p>Segments are compared exactly, code unit for code unit: no Unicode normalization and no case
 * folding. The gateway forwards the path as received, and a backend (like most file systems) may keep
 * "café" in NFC and in NFD as two different names; treating them as one here would let a scope on one
 * reach the other. A target spelled in another form than the scoped node's is outside the scope.
 *
 * @param segments the decoded segments, root first; copied, never null
 */
public record TargetPath(List<String> segments) {

    /** The root, {@code /}. */
    public static final TargetPath ROOT = new TargetPath(List.of());

    /**
     * @throws IllegalArgumentException if a segment breaks one of the rules above
     */
    public TargetPath {
        if (segments == null) {
            throw new IllegalArgumentException("segments must not be null");
        }
        for (String segment : segments) {
            if (segment == null) {
                throw new IllegalArgumentException("path segments must not be null");
            }
        }
        segments = List.copyOf(segments);
        for (int i = 0; i < segments.size(); i++) {
            checkSegment(segments.get(i));
        }
    }

    /**
     * Parses a raw (still percent-encoded) absolute path such as {@code HttpServletRequest.getRequestURI()}
     * or {@code URI.getRawPath()} returns, decoding each segment exactly once as UTF-8 (RFC 3986 §2.1),
     * without Unicode normalization.
     *
     * <p>Accepted: a leading {@code /}, then segments separated by single {@code /}; a single trailing
     * {@code /} is ignored, and {@code /} alone is the root. Raw characters must be RFC 3986
     * {@code pchar} other than {@code ;} (unreserved, sub-delims, {@code :} and {@code @}); anything else
     * must be percent-encoded.
     *
     * <p>Refused: a missing leading slash; empty segments ({@code //}); a raw {@code ;} (path
     * parameters); a raw backslash, space, control or non-ASCII character; any {@code %25} (so double
     * encoding such as {@code %252e} never reaches a later decoder); a {@code %} not followed by two hex
     * digits; bytes that are not well-formed UTF-8 (including overlong forms such as {@code %c0%ae});
     * and, after decoding, an encoded slash {@code %2f}, an encoded backslash {@code %5c}, a control
     * character such as {@code %00}, or a segment ending with a dot. The last rule refuses the dot
     * segments {@code .} and {@code ..} in any spelling ({@code %2e%2e}, {@code .%2e}), and also names
     * like {@code a.}, which Windows file systems treat as {@code a}; legitimate names ending in a dot
     * are the price. An encoded {@code ;}, {@code ?} or {@code #} is an ordinary character of the name.
     *
     * @param rawPath the raw path; null is refused
     * @return the path, never null
     * @throws IllegalArgumentException naming the rule broken, never quoting the input
     */
    public static TargetPath parse(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            throw new IllegalArgumentException("path must not be empty");
        }
        if (rawPath.charAt(0) != '/') {
            throw new IllegalArgumentException("path must be absolute");
        }
        if (rawPath.length() == 1) {
            return ROOT;
        }
        int end = rawPath.charAt(rawPath.length() - 1) == '/' ? rawPath.length() - 1 : rawPath.length();
        List<String> segments = new ArrayList<>(8);
        int start = 1;
        while (true) {
            int slash = rawPath.indexOf('/', start);
            int segmentEnd = slash < 0 || slash > end ? end : slash;
            if (segmentEnd == start) {
                throw new IllegalArgumentException("path must not contain empty segments");
            }
            segments.add(decode(rawPath.substring(start, segmentEnd)));
            if (segmentEnd >= end) {
                break;
            }
            start = segmentEnd + 1;
        }
        return new TargetPath(segments);
    }

    /**
     * Reads a node path that is not URL-encoded, as REST bodies and the backend's answers give them
     * ({@code personal-files/docs/a.txt}). A leading and a trailing {@code /} are ignored; the
     * segments are held to the same rules as {@link #parse} after decoding, and kept as they are.
     *
     * @throws IllegalArgumentException naming the rule broken, never quoting the input
     */
    public static TargetPath ofNodePath(String nodePath) {
        if (nodePath == null) {
            throw new IllegalArgumentException("node path must not be null");
        }
        String body = nodePath.startsWith("/") ? nodePath.substring(1) : nodePath;
        if (body.endsWith("/")) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.isEmpty()) {
            return ROOT;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : body.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("node path must not contain empty segments");
            }
            segments.add(segment);
        }
        return new TargetPath(segments);
    }

    /**
     * Whether a raw path has a dot segment: {@code .} or {@code ..} between slashes, with any dot
     * percent-encoded or not ({@code %2e}, {@code %2E}). This is the one rule a path forwarded
     * unchanged must keep so that the backend and the gateway's router name the same place;
     * {@link #parse} refuses every such path, and more.
     *
     * @param rawPath a raw (still percent-encoded) path; null is refused
     */
    public static boolean hasDotSegment(String rawPath) {
        int start = 0;
        while (start <= rawPath.length()) {
            int slash = rawPath.indexOf('/', start);
            int end = slash < 0 ? rawPath.length() : slash;
            int dots = dotsIn(rawPath, start, end);
            if (dots == 1 || dots == 2) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** How many dots {@code rawPath[start, end)} spells, or -1 when it is not dots alone. */
    private static int dotsIn(String rawPath, int start, int end) {
        int dots = 0;
        int i = start;
        while (i < end) {
            if (rawPath.charAt(i) == '.') {
                i++;
            } else if (rawPath.regionMatches(true, i, "%2e", 0, 3) && i + 3 <= end) {
                i += 3;
            } else {
                return -1;
            }
            dots++;
        }
        return dots;
    }

    /**
     * Whether this path is {@code ancestor} itself or lies below it, compared segment by segment.
     *
     * @param ancestor the path that may contain this one; null is refused
     * @throws NullPointerException if ancestor is null
     */
    public boolean isSameOrBelow(TargetPath ancestor) {
        Objects.requireNonNull(ancestor, "ancestor must not be null");
        List<String> prefix = ancestor.segments;
        return prefix.size() <= segments.size()
                && segments.subList(0, prefix.size()).equals(prefix);
    }

    /** The path in its decoded form, e.g. {@code /a/b}; for logs and tests, not for forwarding. */
    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }

    private static void checkSegment(String segment) {
        if (segment.isEmpty()) {
            throw new IllegalArgumentException("path segments must not be empty");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c >= 0x80) {
                if (Character.isISOControl(c)) {
                    throw new IllegalArgumentException("path segments must not contain control characters");
                }
                continue;
            }
            if (c > '/' && c != '\\' && c != 0x7f) {
                continue;
            }
            if (c == '/') {
                throw new IllegalArgumentException("path segments must not contain an encoded slash");
            }
            if (c == '\\') {
                throw new IllegalArgumentException("path segments must not contain a backslash");
            }
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("path segments must not contain control characters");
            }
        }
        if (segment.endsWith(".")) {
            throw new IllegalArgumentException("path segments must not be dot segments or end with a dot");
        }
    }

    private static String decode(String rawSegment) {
        if (rawSegment.indexOf('%') < 0) {
            for (int i = 0; i < rawSegment.length(); i++) {
                char c = rawSegment.charAt(i);
                if (c == ';') {
                    throw new IllegalArgumentException("path must not contain path parameters");
                }
                if (c == '\\') {
                    throw new IllegalArgumentException("path must not contain a backslash");
                }
                if (!isRawPathChar(c)) {
                    throw new IllegalArgumentException("path has a character that must be percent-encoded");
                }
            }
            return rawSegment;
        }
        byte[] bytes = new byte[rawSegment.length()];
        int length = 0;
        for (int i = 0; i < rawSegment.length(); i++) {
            char c = rawSegment.charAt(i);
            if (c == '%') {
                int high = i + 1 < rawSegment.length() ? hexValue(rawSegment.charAt(i + 1)) : -1;
                int low = i + 2 < rawSegment.length() ? hexValue(rawSegment.charAt(i + 2)) : -1;
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("path has a malformed percent-escape");
                }
                int b = high * 16 + low;
                if (b == '%') {
                    throw new IllegalArgumentException("path must not contain an encoded percent sign");
                }
                bytes[length++] = (byte) b;
                i += 2;
            } else if (c == ';') {
                throw new IllegalArgumentException("path must not contain path parameters");
            } else if (c == '\\') {
                throw new IllegalArgumentException("path must not contain a backslash");
            } else if (isRawPathChar(c)) {
                bytes[length++] = (byte) c;
            } else {
                throw new IllegalArgumentException("path has a character that must be percent-encoded");
            }
        }
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            ascii &= bytes[i] >= 0;
        }
        if (ascii) {
            return new String(bytes, 0, length, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("path is not valid percent-encoded UTF-8");
        }
    }

    /** The value of an ASCII hex digit, or -1; unlike {@link Character#digit} it refuses non-ASCII digits. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static final boolean[] RAW_PATH_CHARS = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            RAW_PATH_CHARS[c] = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,=:@".indexOf(c) >= 0;
        }
    }

    /** RFC 3986 pchar without pct-encoded and without ';'. */
    private static boolean isRawPathChar(char c) {
        return c < 128 && RAW_PATH_CHARS[c];
    }
}
