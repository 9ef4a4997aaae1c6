package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What the gateway tells the backend about the caller ({@code upstream.identity}). */
public enum IdentityMode {
    /** A short-lived {@code X-Patgate-Identity} assertion signed with {@code identity.key}. */
    SIGNED_IDENTITY("signed-identity"),
    /** Nothing: {@code Authorization} and {@code X-Patgate-Identity} are stripped, nothing is added. */
    NONE("none"),
    /**
     * Pydio Cells: the user's own Cells credential ({@code Authorization: Bearer} on REST, basic
     * {@code login:token} on WebDAV), minted or registered as {@code upstream.cells} says; no
     * {@code X-Patgate-Identity}. See docs/cells.md.
     */
    CELLS("cells");

    private final String text;

    IdentityMode(String text) {
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    @JsonCreator
    public static IdentityMode parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (IdentityMode mode : values()) {
            if (mode.text.equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("upstream.identity must be signed-identity, none or cells");
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
