package dev.patgate.store;

import java.util.List;

/** The few places where SQLite and PostgreSQL differ. */
enum Dialect {
    SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT"),
    POSTGRESQL("BIGSERIAL PRIMARY KEY");

    private final String serialKey;

    Dialect(String serialKey) {
        this.serialKey = serialKey;
    }

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("store url must start with jdbc:sqlite: or jdbc:postgresql:");
    }

    /**
     * The migrations, in order; index + 1 is the schema version. Each statement is idempotent so
     * that two processes migrating at once cannot trip over each other.
     */
    List<List<String>> migrations() {
        return List.of(List.of(
                """
                CREATE TABLE IF NOT EXISTS patgate_tokens (
                  id VARCHAR(12) PRIMARY KEY,
                  login VARCHAR(255) NOT NULL,
                  label VARCHAR(255) NOT NULL,
                  created_at BIGINT NOT NULL,
                  created_by VARCHAR(255) NOT NULL,
                  expires_at BIGINT,
                  refresh_window_s BIGINT,
                  last_used_at BIGINT,
                  last_used_ip VARCHAR(64),
                  scopes VARCHAR(8000) NOT NULL,
                  revoked_at BIGINT,
                  secret_digest VARCHAR(64) NOT NULL
                )""",
                "CREATE INDEX IF NOT EXISTS patgate_tokens_login ON patgate_tokens (login)",
                "CREATE TABLE IF NOT EXISTS patgate_token_changes (seq " + serialKey
                        + ", token_id VARCHAR(12) NOT NULL, changed_at BIGINT NOT NULL)"));
    }
}
