package dev.patgate.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's schema, brought up to date by Flyway from {@code dev/patgate/store/migration/<dialect>/}
 * (one {@code V<n>__<what>.sql} per version and dialect), with its history in
 * {@value #HISTORY_TABLE}.
 *
 * <p>A store made before Flyway took over holds its version in {@value #LEGACY_TABLE}; it is
 * baselined at that version, so nothing it holds is touched. A schema that is new and empty starts
 * from version 1; one that already holds other tables (a PostgreSQL schema shared with another
 * application) is baselined at 0, so that version 1 still runs. On PostgreSQL Flyway holds an
 * advisory lock while it migrates, so processes opening the store at once take turns; but its look
 * for the history table comes before the lock, so a process can still lose the race to make that
 * table. Flyway does not lock on SQLite at all. Either way the loser tries again, and then finds the
 * work done.
 */
final class Migrations {

    static final String HISTORY_TABLE = "patgate_schema_history";
    static final String LEGACY_TABLE = "patgate_schema";
    private static final int ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {}

    /** The schema's version after opening, and how many migrations this open applied. */
    record Outcome(String version, int applied) {}

    /**
     * Applies the migrations not applied yet, or with {@code migrate} false only checks that there
     * are none.
     *
     * @throws SQLException when the schema cannot be read, is newer than this code knows, a
     *     migration fails, or (not migrating) the schema is older than this code needs
     */
    static Outcome apply(DataSource dataSource, Dialect dialect, boolean migrate) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            dialect.prepareSchema(c);
        }
        int legacyVersion = legacyVersion(dataSource);
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:dev/patgate/store/migration/" + dialect.migrationFolder())
                .table(HISTORY_TABLE)
                // not on a new schema: there a process that made the history table a moment ago
                // would make another one's baseline fail
                .baselineOnMigrate(legacyVersion > 0 || holdsOtherTables(dataSource))
                .baselineVersion(Integer.toString(legacyVersion))
                .baselineDescription(legacyVersion == 0 ? "schema shared, patgate tables not yet made" : LEGACY_TABLE)
                .ignoreMigrationPatterns("")
                .load();
        Versions versions = versions(flyway, legacyVersion);
        if (versions.applied().compareTo(versions.latest()) > 0) {
            throw new SQLException("the store's schema version " + versions.applied()
                    + " is newer than this patgate understands (" + versions.latest() + ")");
        }
        if (!migrate) {
            if (versions.applied().compareTo(versions.latest()) < 0) {
                String has = versions.applied().equals(MigrationVersion.fromVersion("0"))
                        ? "the store has no schema yet"
                        : "the store's schema version " + versions.applied() + " is older";
                throw new SQLException(
                        has + ", this patgate needs version " + versions.latest() + ", and migrating on open is off");
            }
            return new Outcome(versions.applied().getVersion(), 0);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                MigrateResult result = flyway.migrate();
                if (result.migrationsExecuted > 0) {
                    LOG.info(
                            "token store schema migrated to version {} ({} migration(s) applied)",
                            result.targetSchemaVersion,
                            result.migrationsExecuted);
                }
                return new Outcome(versions.latest().getVersion(), result.migrationsExecuted);
            } catch (FlywayException e) {
                if (attempt == ATTEMPTS) {
                    throw new SQLException(firstLine(e.getMessage()), e);
                }
                // Another process got there first: on SQLite it held the file; on PostgreSQL it made
                // the history table between Flyway's look and its baseline. The next attempt waits on
                // Flyway's lock and finds the work done. A real failure fails every attempt.
                LOG.debug("migration attempt {} lost a race with another process, trying again", attempt, e);
            }
        }
    }

    /** Whether the schema holds a table that is not Flyway's history (a store, or another application's). */
    private static boolean holdsOtherTables(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                ResultSet tables = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String name = tables.getString("TABLE_NAME");
                if (!name.equalsIgnoreCase(HISTORY_TABLE) && !name.startsWith("sqlite_")) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The version recorded by the migrator before Flyway, or 0 when there is none. */
    private static int legacyVersion(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                ResultSet tables = c.getMetaData().getTables(null, c.getSchema(), LEGACY_TABLE, null)) {
            if (!tables.next()) {
                return 0;
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + LEGACY_TABLE)) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** The newest version applied to the store (or recorded by the old migrator), and the newest known here. */
    private record Versions(MigrationVersion applied, MigrationVersion latest) {}

    private static Versions versions(Flyway flyway, int legacyVersion) throws SQLException {
        MigrationInfo[] all;
        try {
            all = flyway.info().all();
        } catch (FlywayException e) {
            throw new SQLException(firstLine(e.getMessage()), e);
        }
        MigrationVersion latest = Arrays.stream(all)
                .filter(info -> info.getState().isResolved())
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .orElse(MigrationVersion.EMPTY);
        MigrationVersion applied = Arrays.stream(all)
                .filter(info -> info.getState().isApplied())
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .orElse(MigrationVersion.fromVersion(Integer.toString(legacyVersion)));
        return new Versions(applied, latest);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "schema migration failed";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}
