package dev.patgate.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the gateway acts as each user at Pydio Cells (section {@code upstream.cells}, only with
 * {@code upstream.identity: cells}). See docs/cells.md.
 *
 * <p>A key left out takes its default.
 *
 * @param edition {@code enterprise} (default): patgate mints each user's Cells token with the admin
 *        token; {@code home}: the operator registers each user's Cells token with
 *        {@code patgate admin user upstream-token}
 * @param adminTokenFile enterprise: a file holding the Cells admin token (owner-only; surrounding
 *        white space ignored), relative to PATGATE_HOME; {@code null} for none
 * @param adminTokenEnv enterprise: the name of an environment variable holding the admin token;
 *        {@code null} for none. Exactly one of the two with {@code enterprise}, neither with {@code home}.
 * @param tokenWindow the sliding window ({@code AutoRefresh}) of the tokens patgate mints; at least
 *        1 min; default 24 h. patgate renews a token once three quarters of it have passed.
 * @param usersCheckInterval how often the users' standing (exists, not locked) is asked of Cells; a
 *        user deleted or locked in Cells is refused within this plus one check; at least 1 s; default 30 s
 */
public record CellsConfig(
        Edition edition,
        String adminTokenFile,
        String adminTokenEnv,
        Duration tokenWindow,
        Duration usersCheckInterval) {

    /** {@code token_window} when not given. */
    public static final Duration DEFAULT_TOKEN_WINDOW = Duration.ofHours(24);
    /** {@code users_check_interval} when not given. */
    public static final Duration DEFAULT_USERS_CHECK_INTERVAL = Duration.ofSeconds(30);

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Which Cells: whether it has the token API that lets patgate mint tokens. */
    public enum Edition {
        ENTERPRISE("enterprise"),
        HOME("home");

        private final String text;

        Edition(String text) {
            this.text = text;
        }

        /** @throws IllegalArgumentException naming the accepted values */
        @JsonCreator
        public static Edition parse(String text) {
            String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            for (Edition edition : values()) {
                if (edition.text.equals(wanted)) {
                    return edition;
                }
            }
            throw new IllegalArgumentException("upstream.cells.edition must be enterprise or home");
        }

        @JsonValue
        @Override
        public String toString() {
            return text;
        }
    }

    public CellsConfig {
        // a key left out takes its documented default, as in listen.tls
        edition = edition == null ? Edition.ENTERPRISE : edition;
        tokenWindow = tokenWindow == null ? DEFAULT_TOKEN_WINDOW : tokenWindow;
        usersCheckInterval = usersCheckInterval == null ? DEFAULT_USERS_CHECK_INTERVAL : usersCheckInterval;
        if (adminTokenFile != null && (adminTokenFile.isBlank() || adminTokenFile.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("upstream.cells.admin_token_file must be a path");
        }
        if (adminTokenEnv != null && !VARIABLE.matcher(adminTokenEnv).matches()) {
            throw new IllegalArgumentException("upstream.cells.admin_token_env must be an environment variable's name");
        }
        if (edition == Edition.ENTERPRISE) {
            if (adminTokenFile != null && adminTokenEnv != null) {
                throw new IllegalArgumentException(
                        "upstream.cells.admin_token_file and upstream.cells.admin_token_env exclude each other");
            }

        } else if (adminTokenFile != null || adminTokenEnv != null) {
            throw new IllegalArgumentException(
                    "upstream.cells.admin_token_file and admin_token_env are for edition enterprise only"
                            + " (home has no token API; register tokens with 'patgate admin user upstream-token')");
        }
        if (tokenWindow.compareTo(Duration.ofMinutes(1)) < 0 || tokenWindow.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("upstream.cells.token_window must be from 1m to 365d");
        }
        if (usersCheckInterval.compareTo(Duration.ofSeconds(1)) < 0
                || usersCheckInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("upstream.cells.users_check_interval must be from 1s to 1h");
        }
    }

    /**
     * Checked by the loader once the section is bound (so that an unknown key is reported first):
     * enterprise needs one source of the admin token. {@code AdminToken} checks it again at start.
     *
     * @throws IllegalArgumentException naming the keys
     */
    void checkComplete() {
        if (edition == Edition.ENTERPRISE && adminTokenFile == null && adminTokenEnv == null) {
            throw new IllegalArgumentException("upstream.cells: edition enterprise needs admin_token_file or"
                    + " admin_token_env (the Cells admin token is never written in this file)");
        }
    }

    /** This section with its admin token file resolved (by the loader). */
    public CellsConfig withAdminTokenFile(String newFile) {
        return new CellsConfig(edition, newFile, adminTokenEnv, tokenWindow, usersCheckInterval);
    }

    /** This section for Cells Home. */
    public static CellsConfig home() {
        return new CellsConfig(Edition.HOME, null, null, null, null);
    }

    /** An enterprise section reading the admin token from {@code file}. */
    public static CellsConfig enterprise(String file) {
        return new CellsConfig(Edition.ENTERPRISE, file, null, null, null);
    }

    /** This section with other intervals. */
    public CellsConfig withIntervals(Duration newTokenWindow, Duration newUsersCheckInterval) {
        return new CellsConfig(edition, adminTokenFile, adminTokenEnv, newTokenWindow, newUsersCheckInterval);
    }
}
