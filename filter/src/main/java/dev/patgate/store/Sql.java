package dev.patgate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Connect, prepare, bind and map in one place, so that each store operation is its SQL text, how
 * its parameters are bound and how a row becomes a value. Every {@link SQLException} leaves as a
 * {@link StoreException} carrying the operation's own message (which never holds a secret).
 */
final class Sql {

    /** Sets a statement's parameters. */
    @FunctionalInterface
    interface Binder {
        Binder NONE = statement -> {};

        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Turns the current row into a value. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Work done on one connection inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The first row's value, or empty when there is none. */
    <T> Optional<T> one(String sql, Binder binder, RowMapper<T> mapper, String failure) {
        try (Connection c = dataSource.getConnection()) {
            List<T> rows = list(c, sql, binder, mapper, 1);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        } catch (SQLException e) {
            throw new StoreException(failure, e);
        }
    }

    /** Every row's value, in the order the query gives. */
    <T> List<T> list(String sql, Binder binder, RowMapper<T> mapper, String failure) {
        try (Connection c = dataSource.getConnection()) {
            return list(c, sql, binder, mapper, Integer.MAX_VALUE);
        } catch (SQLException e) {
            throw new StoreException(failure, e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T transaction(Work<T> work, String failure) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException(failure, e);
        }
    }

    /** As {@link #list(String, Binder, RowMapper, String)}, on a connection the caller holds. */
    static <T> List<T> list(Connection c, String sql, Binder binder, RowMapper<T> mapper, int maxRows)
            throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            binder.bind(statement);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rows.size() < maxRows && rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        }
    }

    /** Runs one update statement on a connection the caller holds; answers the rows it changed. */
    static int update(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        }
    }

    /** Runs one update statement on a connection of its own. */
    int update(String sql, Binder binder, String failure) {
        try (Connection c = dataSource.getConnection()) {
            return update(c, sql, binder);
        } catch (SQLException e) {
            throw new StoreException(failure, e);
        }
    }
}
