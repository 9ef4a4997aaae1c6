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
import org.flywaydb.core.api.MigrationState;
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

    /**
     * Applies the migrations not applied yet.
     *
     * @throws SQLException when the schema cannot be read, is newer than this code knows, or a
     *     migration fails
     */
    static void apply(DataSource dataSource, Dialect dialect) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            dialect.prepareSchema(c);
        }
        int legacyVersion = legacyVersion(dataSource);
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:dev/patgate/store/migration/" + dialect.migrationFolder())
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion(Integer.toString(legacyVersion))
                .baselineDescription(legacyVersion == 0 ? "schema shared, patgate tables not yet made" : LEGACY_TABLE)
                .ignoreMigrationPatterns("")
                .load();
        refuseNewer(flyway, legacyVersion);
        for (int attempt = 1; ; attempt++) {
            try {
                MigrateResult result = flyway.migrate();
                if (result.migrationsExecuted > 0) {
                    LOG.info(
                            "token store schema migrated to version {} ({} migration(s) applied)",
                            result.targetSchemaVersion,
                            result.migrationsExecuted);
                }
                return;
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

    /** Refuses a store that a newer patgate migrated: this code cannot know what it changed. */
    private static void refuseNewer(Flyway flyway, int legacyVersion) throws SQLException {
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
                .filter(info -> info.getState() == MigrationState.FUTURE_SUCCESS
                        || info.getState() == MigrationState.FUTURE_FAILED)
                .map(MigrationInfo::getVersion)
                .max(Comparator.naturalOrder())
                .orElse(MigrationVersion.fromVersion(Integer.toString(legacyVersion)));
        if (applied.compareTo(latest) > 0) {
            throw new SQLException("the store's schema version " + applied + " is newer than this patgate understands ("
                    + latest + ")");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "schema migration failed";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}
