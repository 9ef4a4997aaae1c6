package dev.patgate.gateway;

import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.config.StoreConfig;
import dev.patgate.testsupport.TestPostgres;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;

/**
 * The rotation tests of {@link TokenRotationTwoGatewaysIT} with both gateways on one PostgreSQL
 * database of their own (from {@code PATGATE_TEST_POSTGRES_URL}), made for the class and dropped
 * after it: there the revocation also travels by LISTEN/NOTIFY.
 */
class TokenRotationTwoGatewaysPostgresIT extends TokenRotationTwoGatewaysIT {

    private static final TestPostgres POSTGRES = TestPostgres.server();
    private final String database = TestPostgres.uniqueName("patgate_rotation_it");
    private boolean made;

    @Override
    StoreConfig store(GatewayConfig defaults) throws Exception {
        if (!made) {
            try {
                POSTGRES.execute("CREATE DATABASE " + database);
            } catch (SQLException e) {
                if ("1".equals(System.getenv("PATGATE_SKIP_POSTGRES"))) {
                    Assumptions.abort("PostgreSQL unreachable and PATGATE_SKIP_POSTGRES=1: " + e.getMessage());
                }
                throw e;
            }
            made = true;
        }
        return new StoreConfig(POSTGRES.url(database), POSTGRES.user(), null);
    }

    @Override
    void dropStore() throws Exception {
        if (made) {
            POSTGRES.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }
}
