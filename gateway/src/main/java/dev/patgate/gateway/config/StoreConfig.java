package dev.patgate.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The token database (section {@code store}). {@link #toString()} masks the password.
 *
 * @param url a JDBC URL: {@code jdbc:sqlite:FILE} (default {@code jdbc:sqlite:${data_dir}/patgate.db})
 *        or {@code jdbc:postgresql://host/db}
 * @param user the database user; {@code null} for none (SQLite)
 * @param password the database password; {@code null} for none
 * @param outageGrace how long cached tokens keep working while the store cannot be reached, counted
 *        from the last moment it was known current; default 5 min
 * @param migrateOnStart whether opening the store (on {@code serve} and every command) applies the
 *        migrations it lacks; when false, a store that needs one is refused until
 *        {@code patgate admin store migrate} ran; default true
 */
public record StoreConfig(String url, String user, String password, Duration outageGrace, boolean migrateOnStart) {

    /** The default {@code store.url}: a SQLite file in the data directory. */
    public static final String DEFAULT_URL = "jdbc:sqlite:${data_dir}/patgate.db";

    /** The default {@code store.outage_grace}. */
    public static final Duration DEFAULT_OUTAGE_GRACE = Duration.ofMinutes(5);

    /** A store with the default outage grace. */
    public StoreConfig(String url, String user, String password) {
        this(url, user, password, DEFAULT_OUTAGE_GRACE, true);
    }

    public StoreConfig {
        Objects.requireNonNull(outageGrace, "store.outage_grace must not be null");
        if (outageGrace.isNegative()) {
            throw new IllegalArgumentException("store.outage_grace must not be negative");
        }
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
        return "StoreConfig[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "****")
                + ", outageGrace=" + outageGrace + ", migrateOnStart=" + migrateOnStart + "]";
    }
}
