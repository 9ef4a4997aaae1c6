package dev.patgate.gateway.cells;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.patgate.gateway.config.StoreConfig;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.testsupport.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sealed upstream credentials on a real SQLite file and a real PostgreSQL (schema of its own),
 * in the table the store's migration 2 creates.
 */
class CredentialStoreIT {

    private static final TestPostgres POSTGRES = TestPostgres.server();
    private static final String SCHEMA = TestPostgres.uniqueName("patgate_credentials_it");
    private static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 3);
    }

    @TempDir
    Path dir;

    @Test
    void sqliteWhenPutFindReplaceDeleteThenRoundTripsAndNothingPlainAtRest() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("patgate.db");
        JdbcTokenStore.open(url, null, null).close();

        roundTrip(new StoreConfig(url, null, null));

        byte[] file = Files.readAllBytes(dir.resolve("patgate.db"));
        assertThat(new String(file, StandardCharsets.ISO_8859_1)).doesNotContain("cells-secret");
    }

    @Test
    void postgresqlWhenPutFindReplaceDeleteThenRoundTripsAndNothingPlainAtRest() throws Exception {
        try (Connection c = POSTGRES.connect();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
        } catch (SQLException e) {
            if ("1".equals(System.getenv("PATGATE_SKIP_POSTGRES"))) {
                Assumptions.abort("PostgreSQL unreachable and PATGATE_SKIP_POSTGRES=1: " + e.getMessage());
            }
            fail("PostgreSQL at " + POSTGRES.url() + " is unreachable (set PATGATE_SKIP_POSTGRES=1 to skip)", e);
        }
        String url = POSTGRES.urlWithSchema(SCHEMA);
        try {
            JdbcTokenStore.open(url, POSTGRES.user(), null).close();

            roundTrip(new StoreConfig(url, POSTGRES.user(), null));

            try (Connection c = DriverManager.getConnection(url, POSTGRES.user(), null);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT sealed FROM patgate_upstream_credentials")) {
                while (rs.next()) {
                    assertThat(rs.getString(1)).doesNotContain("cells-secret");
                }
            }
        } finally {
            POSTGRES.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    private static void roundTrip(StoreConfig config) {
        CredentialStore store = new CredentialStore(config, KEY);
        Instant at = Instant.parse("2025-06-01T10:00:00Z");

        store.put(new StoredCredential("alice", StoredCredential.Kind.MINTED, "uuid-1", "cells-secret-1", at));
        store.put(new StoredCredential("bob", StoredCredential.Kind.REGISTERED, null, "cells-secret-2", at));
        store.put(new StoredCredential("alice", StoredCredential.Kind.MINTED, "uuid-3", "cells-secret-3", at));

        assertThat(store.find("alice"))
                .contains(new StoredCredential("alice", StoredCredential.Kind.MINTED, "uuid-3", "cells-secret-3", at));
        assertThat(store.all()).extracting(StoredCredential::login).containsExactlyInAnyOrder("alice", "bob");
        assertThat(new CredentialStore(config, new byte[32]).all())
                .as("another upstream.key opens nothing")
                .isEmpty();
        assertThat(store.delete("alice")).isTrue();
        assertThat(store.delete("alice")).isFalse();
        assertThat(store.find("alice")).isEmpty();
        assertThat(store.find("bob").orElseThrow().token()).isEqualTo("cells-secret-2");
    }
}
