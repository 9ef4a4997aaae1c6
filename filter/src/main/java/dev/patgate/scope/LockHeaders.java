package dev.patgate.scope;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Strict parsers for the WebDAV headers that name locks: {@code If} (RFC 4918 §10.4) and
 * {@code Lock-Token} (§10.5). Pure functions: a value is parsed, or refused with an
 * {@link IllegalArgumentException} whose message says what is wrong (never the value itself).
 *
 * <pre>
 * If          = ( 1*No-tag-list | 1*Tagged-list )
 * No-tag-list = List
 * Tagged-list = Resource-Tag 1*List
 * List        = "(" 1*Condition ")"
 * Condition   = ["Not"] ( State-token | "[" entity-tag "]" )
 * State-token = Coded-URL          Coded-URL    = "&lt;" absolute-URI "&gt;"
 * Resource-Tag = "&lt;" Simple-ref "&gt;"   Simple-ref = absolute-URI | path-absolute ["?" query]
 * Lock-Token  = Coded-URL
 * </pre>
 * Spaces and tabs may separate the parts; {@code Not} is matched case-insensitively, as ABNF
 * strings are. Untagged and tagged lists may not be mixed. URIs are checked against RFC 3986's
 * characters (a percent sign must start a percent-encoding); a header longer than
 * {@value #MAX_LENGTH} characters is refused.
 */
public final class LockHeaders {

    /** The longest {@code If} or {@code Lock-Token} value accepted, in characters. */
    public static final int MAX_LENGTH = 8 * 1024;

    /** The state token that never names a lock (RFC 4918 §10.4.8): it only negates conditions. */
    public static final String NO_LOCK = "DAV:no-lock";

    private LockHeaders() {}

    /**
     * A parsed {@code If} header.
     *
     * @param lists the lists in header order; never empty; either all untagged or all tagged
     */
    public record If(List<ConditionList> lists) {
        public If {
            lists = List.copyOf(lists);
            if (lists.isEmpty()) {
                throw new IllegalArgumentException("lists must not be empty");
            }
        }

        /** The resource tags, in order, without repeats; empty for untagged lists. */
        public List<String> resourceTags() {
            return lists.stream()
                    .map(ConditionList::resourceTag)
                    .filter(Objects::nonNull)
                    .distinct()
                    .toList();
        }
    }

    /**
     * One parenthesised list.
     *
     * @param resourceTag the resource it is about as written (a URL or absolute path), or null for
     *        an untagged list (about the request target)
     * @param conditions never empty
     */
    public record ConditionList(String resourceTag, List<Condition> conditions) {
        public ConditionList {
            conditions = List.copyOf(conditions);
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException("conditions must not be empty");
            }
        }

        /** The state tokens of its conditions that name locks (all but {@value #NO_LOCK}), negated or not. */
        public List<String> lockTokens() {
            return conditions.stream()
                    .map(Condition::stateToken)
                    .filter(token -> token != null && !token.equals(NO_LOCK))
                    .toList();
        }
    }

    /**
     * A condition: exactly one of {@code stateToken} (without its angle brackets) and
     * {@code entityTag} (with its quotes and any {@code W/}) is set.
     */
    public record Condition(boolean not, String stateToken, String entityTag) {
        public Condition {
            if ((stateToken == null) == (entityTag == null)) {
                throw new IllegalArgumentException("a condition is a state token or an entity tag");
            }
        }
    }

    /**
     * Parses an {@code If} header value.
     *
     * @throws IllegalArgumentException when the value does not follow the grammar above
     */
    public static If parseIf(String value) {
        return new IfParser(checked(value)).parse();
    }

    /**
     * Parses a {@code Lock-Token} header value: one Coded-URL, optionally surrounded by spaces.
     *
     * @return the lock token without its angle brackets
     * @throws IllegalArgumentException when the value is not exactly one Coded-URL
     */
    public static String parseLockToken(String value) {
        String text = checked(value).strip();
        if (text.length() < 2 || text.charAt(0) != '<' || text.charAt(text.length() - 1) != '>') {
            throw new IllegalArgumentException("a lock token must be one <absolute-URI>");
        }
        String uri = text.substring(1, text.length() - 1);
        if (!isAbsoluteUri(uri)) {
            throw new IllegalArgumentException("a lock token must be an absolute URI");
        }
        return uri;
    }

    private static String checked(String value) {
        if (value == null) {
            throw new IllegalArgumentException("header value must not be null");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("header value is longer than " + MAX_LENGTH + " characters");
        }
        return value;
    }

    /** RFC 3986 absolute-URI: scheme ":" then URI characters, no fragment. */
    static boolean isAbsoluteUri(String text) {
        int colon = text.indexOf(':');
        if (colon < 1 || !isAsciiLetter(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = text.charAt(i);
            if (!(isAsciiAlphaNum(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return uriCharacters(text, colon + 1, false);
    }

    /** RFC 3986 path-absolute ["?" query]: starts with "/" (not "//"), URI characters, no fragment. */
    static boolean isAbsolutePathRef(String text) {
        return text.startsWith("/") && !text.startsWith("//") && uriCharacters(text, 1, false);
    }

    private static boolean uriCharacters(String text, int from, boolean allowFragment) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c == '#' && !allowFragment) {
                return false;
            } else if (!(isAsciiAlphaNum(c) || "-._~:/?#[]@!$&'()*+,;=".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiAlphaNum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** A recursive-descent reader over one {@code If} value. */
    private static final class IfParser {
        private final String text;
        private int at;

        IfParser(String text) {
            this.text = text;
        }

        If parse() {
            List<ConditionList> lists = new ArrayList<>();
            Boolean tagged = null;
            String tag = null;
            skipSpace();
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '<') {
                    if (Boolean.FALSE.equals(tagged)) {
                        throw new IllegalArgumentException("untagged and tagged lists cannot be mixed");
                    }
                    tagged = true;
                    tag = resourceTag();
                    skipSpace();
                    if (at >= text.length() || text.charAt(at) != '(') {
                        throw new IllegalArgumentException("a resource tag must be followed by a list");
                    }
                } else if (c == '(') {
                    if (tagged == null) {
                        tagged = false;
                    }
                    lists.add(new ConditionList(tag, list()));
                } else {
                    throw new IllegalArgumentException("expected a resource tag or a list at character " + at);
                }
                skipSpace();
            }
            if (lists.isEmpty()) {
                throw new IllegalArgumentException("an If header needs at least one list");
            }
            return new If(lists);
        }

        private String resourceTag() {
            String ref = angleBracketed("resource tag");
            if (!isAbsoluteUri(ref) && !isAbsolutePathRef(ref)) {
                throw new IllegalArgumentException("a resource tag must be an absolute URI or absolute path");
            }
            return ref;
        }

        private List<Condition> list() {
            at++; // '('
            List<Condition> conditions = new ArrayList<>();
            while (true) {
                skipSpace();
                if (at >= text.length()) {
                    throw new IllegalArgumentException("a list is not closed");
                }
                if (text.charAt(at) == ')') {
                    at++;
                    if (conditions.isEmpty()) {
                        throw new IllegalArgumentException("a list needs at least one condition");
                    }
                    return conditions;
                }
                conditions.add(condition());
            }
        }

        private Condition condition() {
            boolean not = false;
            if (text.regionMatches(true, at, "Not", 0, 3)) {
                not = true;
                at += 3;
                skipSpace();
            }
            if (at >= text.length()) {
                throw new IllegalArgumentException("a condition is missing");
            }
            char c = text.charAt(at);
            if (c == '<') {
                String token = angleBracketed("state token");
                if (!isAbsoluteUri(token)) {
                    throw new IllegalArgumentException("a state token must be an absolute URI");
                }
                return new Condition(not, token, null);
            }
            if (c == '[') {
                return new Condition(not, null, entityTag());
            }
            throw new IllegalArgumentException("expected a state token or an entity tag at character " + at);
        }

        private String angleBracketed(String what) {
            int close = text.indexOf('>', at + 1);
            if (close < 0) {
                throw new IllegalArgumentException("a " + what + " is not closed");
            }
            String inside = text.substring(at + 1, close);
            at = close + 1;
            return inside;
        }

        /** {@code "[" [ "W/" ] DQUOTE *etagc DQUOTE "]"} (RFC 9110 §8.8.3). */
        private String entityTag() {
            int start = ++at;
            if (text.startsWith("W/", at)) {
                at += 2;
            }
            if (at >= text.length() || text.charAt(at) != '"') {
                throw new IllegalArgumentException("an entity tag must be quoted");
            }
            at++;
            while (at < text.length() && text.charAt(at) != '"') {
                char c = text.charAt(at);
                if (c < 0x21 || c == 0x7F || c > 0xFF) {
                    throw new IllegalArgumentException("an entity tag holds a character it may not");
                }
                at++;
            }
            if (at >= text.length()) {
                throw new IllegalArgumentException("an entity tag is not closed");
            }
            at++;
            if (at >= text.length() || text.charAt(at) != ']') {
                throw new IllegalArgumentException("an entity tag must end with ]");
            }
            String tag = text.substring(start, at);
            at++;
            return tag;
        }

        private void skipSpace() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }
    }
}
