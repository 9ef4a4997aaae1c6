package dev.patgate.gateway.config;

import java.util.Objects;

/**
 * The token database (section {@code store}). {@link #toString()} masks the password.
 *
 * @param url a JDBC URL: {@code jdbc:sqlite:FILE} (default {@code jdbc:sqlite:${data_dir}/patgate.db})
 *        or {@code jdbc:postgresql://host/db}
 * @param user the database user; {@code null} for none (SQLite)
 * @param password the database password; {@code null} for none
 */
public record StoreConfig(String url, String user, String password) {

    /** The default {@code store.url}: a SQLite file in the data directory. */
    public static final String DEFAULT_URL = "jdbc:sqlite:${data_dir}/patgate.db";

    public StoreConfig {
        Objects.requireNonNull(url, "store.url must not be null");
        if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("store.url must start with jdbc:sqlite: or jdbc:postgresql:");
        }
        if (url.equals("jdbc:sqlite:")) {
            throw new IllegalArgumentException("store.url must name a database file after jdbc:sqlite:");
        }
    }

    @Override
    public String toString() {
        return "StoreConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
