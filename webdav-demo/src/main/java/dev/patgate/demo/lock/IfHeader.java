package dev.patgate.demo.lock;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The WebDAV {@code If} request header (RFC 4918 §10.4): lists of conditions on lock tokens and
 * entity tags, either all untagged (about the request URI) or each tagged with the resource it is
 * about.
 *
 * <pre>
 * If = ( 1*No-tag-list | 1*Tagged-list )
 * No-tag-list = List
 * Tagged-list = Resource-Tag 1*List
 * List        = "(" 1*Condition ")"
 * Condition   = ["Not"] ( State-token | "[" entity-tag "]" )
 * </pre>
 *
 * @param lists the lists in header order; never empty
 */
public record IfHeader(List<ConditionList> lists) {

    /** The longest header accepted, in characters. */
    static final int MAX_LENGTH = 16 * 1024;

    public IfHeader {
        lists = List.copyOf(lists);
        if (lists.isEmpty()) {
            throw new IllegalArgumentException("lists must not be empty");
        }
    }

    /**
     * One parenthesised list: true when all its conditions are.
     *
     * @param resourceTag the resource it is about, as written in the header (a URL or absolute path);
     *                    null for an untagged list, which is about the request URI
     * @param conditions  never empty
     */
    public record ConditionList(String resourceTag, List<Condition> conditions) {
        public ConditionList {
            conditions = List.copyOf(conditions);
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException("conditions must not be empty");
            }
        }
    }

    /**
     * A state token ({@code <opaquelocktoken:...>}, or anything else between angle brackets) or an
     * entity tag ({@code ["..."]}), possibly negated. Exactly one of the two is set.
     *
     * @param entityTag with its quotes and any {@code W/}, as written
     */
    public record Condition(boolean not, String stateToken, String entityTag) {
        public Condition {
            if ((stateToken == null) == (entityTag == null)) {
                throw new IllegalArgumentException("exactly one of stateToken and entityTag must be set");
            }
        }

        boolean holdsFor(ResourceState state) {
            boolean matches = stateToken != null
                    ? state.lockTokens().contains(stateToken)
                    : state.entityTag() != null && opaque(entityTag).equals(opaque(state.entityTag()));
            return matches != not;
        }

        /** The tag without {@code W/}: entity tags are compared weakly (RFC 9110 §8.8.3.2). */
        private static String opaque(String tag) {
            return tag.startsWith("W/") ? tag.substring(2) : tag;
        }
    }

    /**
     * What the conditions are checked against, for one resource.
     *
     * @param entityTag the resource's current entity tag with its quotes; null when it has none (does not exist)
     * @param lockTokens the tokens of the active locks that apply to it
     */
    public record ResourceState(String entityTag, Set<String> lockTokens) {
        public ResourceState {
            lockTokens = Set.copyOf(lockTokens);
        }
    }

    /**
     * Parses an {@code If} header value.
     *
     * @throws LockSyntaxException when it does not follow the grammar, mixes tagged and untagged
     *                             lists, or is longer than {@value #MAX_LENGTH} characters
     */
    public static IfHeader parse(String value) throws LockSyntaxException {
        Objects.requireNonNull(value, "value");
        if (value.length() > MAX_LENGTH) {
            throw new LockSyntaxException("If header too long");
        }
        return new Parser(value).header();
    }

    /**
     * Whether the header holds: some list has all its conditions true (RFC 4918 §10.4.2).
     *
     * @param stateOf the state of the resource a list is about, given its tag (null for the request URI)
     */
    public boolean holds(Function<String, ResourceState> stateOf) {
        for (ConditionList list : lists) {
            ResourceState state = stateOf.apply(list.resourceTag());
            if (list.conditions().stream().allMatch(condition -> condition.holdsFor(state))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The state tokens that appear in the header, not negated: the lock tokens the request submits
     * (RFC 4918 §10.4.1: what counts is that the token appears and that the header holds).
     */
    public Set<String> submittedTokens() {
        Set<String> tokens = new LinkedHashSet<>();
        for (ConditionList list : lists) {
            for (Condition condition : list.conditions()) {
                if (condition.stateToken() != null && !condition.not()) {
                    tokens.add(condition.stateToken());
                }
            }
        }
        return tokens;
    }

    private static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        IfHeader header() throws LockSyntaxException {
            skipSpace();
            boolean tagged = peek() == '<';
            List<ConditionList> lists = new ArrayList<>();
            String tag = null;
            while (true) {
                skipSpace();
                if (at == text.length()) {
                    break;
                }
                if (peek() == '<') {
                    if (!tagged) {
                        throw new LockSyntaxException("If header mixes untagged and tagged lists");
                    }
                    tag = angleBracketed("resource tag");
                    skipSpace();
                    if (peek() != '(') {
                        throw new LockSyntaxException("If header resource tag without a list");
                    }
                }
                lists.add(new ConditionList(tag, list()));
            }
            if (lists.isEmpty()) {
                throw new LockSyntaxException("If header is empty");
            }
            return new IfHeader(lists);
        }

        private List<Condition> list() throws LockSyntaxException {
            expect('(');
            List<Condition> conditions = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    at++;
                    break;
                }
                conditions.add(condition());
            }
            if (conditions.isEmpty()) {
                throw new LockSyntaxException("If header has an empty list");
            }
            return conditions;
        }

        private Condition condition() throws LockSyntaxException {
            boolean not = false;
            if (text.regionMatches(true, at, "not", 0, 3)) {
                not = true;
                at += 3;
                skipSpace();
            }
            if (peek() == '<') {
                return new Condition(not, angleBracketed("state token"), null);
            }
            if (peek() == '[') {
                at++;
                String tag = entityTag();
                expect(']');
                return new Condition(not, null, tag);
            }
            throw new LockSyntaxException("If header condition must be <state-token> or [entity-tag]");
        }

        /** A {@code [W/]"..."} entity tag (RFC 9110 §8.8.3): no quotes, controls or spaces inside. */
        private String entityTag() throws LockSyntaxException {
            int start = at;
            if (text.startsWith("W/", at)) {
                at += 2;
            }
            expect('"');
            while (at < text.length() && text.charAt(at) != '"') {
                char c = text.charAt(at);
                if (c <= 0x20 || c == 0x7f) {
                    throw new LockSyntaxException("If header entity tag has an invalid character");
                }
                at++;
            }
            expect('"');
            return text.substring(start, at);
        }

        /** The content of {@code <...>}: not empty, without spaces, controls or angle brackets. */
        private String angleBracketed(String what) throws LockSyntaxException {
            expect('<');
            int start = at;
            while (at < text.length() && text.charAt(at) != '>') {
                char c = text.charAt(at);
                if (c <= 0x20 || c == 0x7f || c == '<') {
                    throw new LockSyntaxException("If header " + what + " has an invalid character");
                }
                at++;
            }
            if (at == start) {
                throw new LockSyntaxException("If header " + what + " is empty");
            }
            String content = text.substring(start, at);
            expect('>');
            return content;
        }

        private void expect(char c) throws LockSyntaxException {
            if (peek() != c) {
                throw new LockSyntaxException("If header: expected '" + c + "' at position " + at);
            }
            at++;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private void skipSpace() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }
    }
}
