package dev.patgate.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on PostgreSQL for {@value #CHANNEL}, which every revocation announces in its transaction
 * (so the notice goes out when it commits), and tells its listener on its own thread.
 *
 * <p>A notice carries nothing: it only says "poll now", and the listener reads the change log from
 * its cursor, so a notice lost or coalesced costs nothing. Each time the connection is (re)made the
 * listener is told once after {@code LISTEN}, so that whatever committed while no one listened is
 * caught up. While the connection is lost it is made again, waiting 0.1 s at first and doubling up
 * to {@link #MAX_BACKOFF}; the caller's periodic poll covers that time.
 *
 * <p>The connection is its own, outside the pool: it is held for as long as the store is open, and
 * named {@value #APPLICATION_NAME} in {@code pg_stat_activity}.
 */
final class ChangeListener implements TokenStore.Subscription {

    static final String CHANNEL = "patgate_token_changes";
    static final String APPLICATION_NAME = "patgate-listener";
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How long one wait for notices lasts before the connection is checked. */
    private static final int WAIT_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);

    private final String jdbcUrl;
    private final Properties properties;
    private final Runnable listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean listening;
    private volatile Connection connection;

    ChangeListener(String jdbcUrl, Properties connectionProperties, Runnable listener) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl);
        this.properties = new Properties();
        this.properties.putAll(connectionProperties);
        this.properties.setProperty("ApplicationName", APPLICATION_NAME);
        this.properties.setProperty("tcpKeepAlive", "true");
        this.listener = Objects.requireNonNull(listener);
        this.thread = new Thread(this::run, "patgate-change-listener");
        this.thread.setDaemon(true);
    }

    ChangeListener start() {
        thread.start();
        return this;
    }

    @Override
    public boolean listening() {
        return listening;
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long backoffMillis = 100;
        boolean lostReported = false;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, properties)) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                backoffMillis = 100;
                if (lostReported) {
                    LOG.info("listening for revocations again");
                    lostReported = false;
                }
                tell(); // what committed while no one listened
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notices = pg.getNotifications(WAIT_MILLIS);
                    if (notices != null && notices.length > 0) {
                        tell();
                    } else if (!closed && !c.isValid(3)) {
                        throw new SQLException("the listening connection stopped answering");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                connection = null;
                if (closed) {
                    return;
                }
                if (!lostReported) {
                    LOG.warn(
                            "not listening for revocations, polling only until the connection is back: {}", oneLine(e));
                    lostReported = true;
                }
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    private void tell() {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.warn("handling a revocation notice failed: {}", oneLine(e));
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("[\\r\\n]+", " ").strip();
    }
}
