package dev.patgate.gateway;

import dev.patgate.auth.TokenIssuer;
import dev.patgate.gateway.config.ConfigException;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.users.UserDirectory;
import dev.patgate.store.JdbcTokenStore;
import dev.patgate.store.StoreException;
import dev.patgate.store.TokenStore;
import dev.patgate.token.KeyFile;
import dev.patgate.token.TokenDigester;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * What the gateway and the admin CLI share: the user directory, the token key, the store and the
 * issuer, all as the configuration names them, so that a token created by the CLI works on the
 * running gateway's very next request. Closing it closes the store.
 */
public final class Deployment implements AutoCloseable {

    private final GatewayConfig config;
    private final Clock clock;
    private final UserDirectory users;
    private final TokenDigester digester;
    private final TokenStore store;
    private final TokenIssuer issuer;

    private Deployment(
            GatewayConfig config, Clock clock, UserDirectory users, TokenDigester digester, TokenStore store) {
        this.config = config;
        this.clock = clock;
        this.users = users;
        this.digester = digester;
        this.store = store;
        this.issuer = TokenIssuer.withPolicy(
                store,
                digester,
                clock,
                config.tokens().policy().toPolicy(config.tokens().maxLifetime()));
    }

    /**
     * Loads the users, loads (or creates, on first start) {@code token.key} and opens the store.
     *
     * @throws ConfigException when the user directory or a key file cannot be used
     * @throws StoreException when the store cannot be opened; when it cannot be reached, the message
     *     gives the driver's reason and names the keys to check
     */
    public static Deployment open(GatewayConfig config, Clock clock) {
        Objects.requireNonNull(config, "config must not be null");
        Objects.requireNonNull(clock, "clock must not be null");
        UserDirectory users = UserDirectory.load(config.usersFile());
        TokenDigester digester = new TokenDigester(key(config.tokenKeyFile()));
        TokenStore store;
        try {
            store = JdbcTokenStore.open(
                    config.store().url(), config.store().user(), config.store().password());
        } catch (StoreException e) {
            if (!e.getMessage().startsWith("cannot connect")) {
                throw e;
            }
            throw new StoreException(
                    e.getMessage() + " (check store.url, store.user and the password, and that the database runs)",
                    e.getCause());
        }
        return new Deployment(config, clock, users, digester, store);
    }

    /**
     * Reads a key file of the data directory, creating it with a fresh key when missing.
     *
     * @throws ConfigException naming the file
     */
    public static byte[] key(Path file) {
        try {
            return KeyFile.loadOrCreate(file);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ConfigException(file + ": cannot read or create the key (" + why + ")");
        }
    }

    public GatewayConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public UserDirectory users() {
        return users;
    }

    public TokenDigester digester() {
        return digester;
    }

    public TokenStore store() {
        return store;
    }

    public TokenIssuer issuer() {
        return issuer;
    }

    @Override
    public void close() {
        store.close();
    }
}
