package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Whether the gateway answers Cells' token API ({@code /a/auth/token/personal},
 * {@code /a/auth/token/impersonate}, {@code /a/auth/tokens}) itself, instead of forwarding those paths
 * ({@code tokens.cells_api}; docs/cells-token-api.md).
 */
public enum CellsTokenApi {
    /** On when {@code upstream.identity} is {@code cells}, off otherwise (the default). */
    AUTO("auto"),
    /** Always answered by the gateway, whatever the upstream identity mode. */
    ON("on"),
    /** Never: the paths are routes like any other and go to the backend when a route covers them. */
    OFF("off");

    private final String text;

    CellsTokenApi(String text) {
        this.text = text;
    }

    /**
     * The value as YAML gives it: YAML 1.1, which the configuration is read as, turns unquoted
     * {@code on} and {@code off} into the flags true and false, so those mean on and off too.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CellsTokenApi fromYaml(Object value) {
        if (value instanceof Boolean flag) {
            return flag ? ON : OFF;
        }
        return parse(value instanceof String text ? text : null);
    }

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    public static CellsTokenApi parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (CellsTokenApi value : values()) {
            if (value.text.equals(wanted)) {
                return value;
            }
        }
        throw new IllegalArgumentException("tokens.cells_api must be auto, on or off");
    }

    /** Whether the gateway answers the API itself when {@code upstream.identity} is {@code identity}. */
    public boolean answeredIn(IdentityMode identity) {
        return switch (this) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> identity == IdentityMode.CELLS;
        };
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
