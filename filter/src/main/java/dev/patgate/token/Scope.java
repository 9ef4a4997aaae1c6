package dev.patgate.token;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A node scope: the token may act on the node with this UUID and everything below it, with these
 * permissions. Written {@code node:<uuid>:<perm>} where perm is {@code r}, {@code w}, {@code rw} or
 * {@code wr}.
 *
 * @param nodeUuid the node's UUID in canonical lower-case form
 * @param read whether reading is allowed
 * @param write whether writing is allowed
 */
public record Scope(String nodeUuid, boolean read, boolean write) {

    /** What every refusal says is accepted. */
    public static final String ACCEPTED = "expected node:<uuid>:<perm> with perm r, w or rw";

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public Scope {
        Objects.requireNonNull(nodeUuid, "nodeUuid must not be null");
        if (!UUID.matcher(nodeUuid).matches()) {
            throw new IllegalArgumentException("nodeUuid must be a canonical lower-case UUID");
        }
        if (!read && !write) {
            throw new IllegalArgumentException("a scope must allow read, write or both");
        }
    }

    /**
     * @param text a scope as typed, e.g. {@code node:6f1c...:r}
     * @throws IllegalArgumentException naming the problem and the accepted form
     */
    public static Scope parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty scope: " + ACCEPTED);
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 3 || !parts[0].equals("node")) {
            throw new IllegalArgumentException("not a node scope: " + ACCEPTED);
        }
        String uuid;
        try {
            uuid = parseNodeUuid(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a UUID in scope: " + ACCEPTED);
        }
        return switch (parts[2]) {
            case "r" -> new Scope(uuid, true, false);
            case "w" -> new Scope(uuid, false, true);
            case "rw", "wr" -> new Scope(uuid, true, true);
            default -> throw new IllegalArgumentException("unknown permission in scope: " + ACCEPTED);
        };
    }

    /**
     * Reads a node UUID as a scope, a URL or a JSON body may give it: the canonical 8-4-4-4-12 hex
     * form, in either case.
     *
     * @param text the UUID as given; null is refused
     * @return the UUID in canonical lower-case form, as {@link #nodeUuid()} holds it
     * @throws IllegalArgumentException if the text is not such a UUID; the message never quotes it
     */
    public static String parseNodeUuid(String text) {
        String uuid = text == null ? "" : text.toLowerCase(Locale.ROOT);
        if (!UUID.matcher(uuid).matches()) {
            throw new IllegalArgumentException("not a node UUID");
        }
        return uuid;
    }

    /** The permission part: {@code r}, {@code w} or {@code rw}. */
    public String permission() {
        return (read ? "r" : "") + (write ? "w" : "");
    }

    /** The canonical text form, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return "node:" + nodeUuid + ":" + permission();
    }
}
