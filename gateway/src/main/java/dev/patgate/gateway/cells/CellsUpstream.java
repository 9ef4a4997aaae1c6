package dev.patgate.gateway.cells;

import dev.patgate.auth.UserGate;
import dev.patgate.gateway.config.CellsConfig;
import dev.patgate.gateway.config.ConfigException;
import dev.patgate.gateway.config.GatewayConfig;
import dev.patgate.gateway.identity.UpstreamIdentity;
import dev.patgate.token.KeyFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Everything upstream mode {@code cells} needs, built from the configuration: the users'
 * credentials, the identity that puts them on each request, and the users' standing at Cells.
 * {@link #maintain} and {@link #refreshUsers} are the background work (see docs/cells.md).
 */
public final class CellsUpstream {

    /** The key file, next to {@code token.key}, under which the users' Cells tokens are sealed. */
    public static final String KEY_FILE = "upstream.key";

    private final CellsConfig config;
    private final CellsApi api;
    private final CellsCredentials credentials;
    private final CellsUsers users;
    private final CellsIdentity identity;

    private CellsUpstream(CellsConfig config, CellsApi api, CellsCredentials credentials, java.util.List<String> dav) {
        this.config = config;
        this.api = api;
        this.credentials = credentials;
        this.users = new CellsUsers(api, credentials);
        this.identity = new CellsIdentity(credentials, dav);
    }

    /**
     * Reads the admin token (Enterprise), loads or creates {@code upstream.key}, and reads the
     * stored credentials.
     *
     * @throws ConfigException when the admin token or the key cannot be had (one line, no secret)
     * @throws dev.patgate.store.StoreException when the stored credentials cannot be read
     */
    public static CellsUpstream open(GatewayConfig gateway, Map<String, String> env, Clock clock) {
        CellsConfig config = Objects.requireNonNull(gateway.upstream().cells(), "upstream.cells must be set");
        CellsApi api = new CellsApi(gateway.upstream().url(), gateway.upstream().connectTimeout());
        CredentialStore store = store(gateway);
        CellsCredentials credentials = config.edition() == CellsConfig.Edition.ENTERPRISE
                ? new EnterpriseCredentials(api, AdminToken.read(config, env), store, config.tokenWindow(), clock)
                : new HomeCredentials(store, clock);
        return new CellsUpstream(config, api, credentials, gateway.scopes().webdav());
    }

    /** The sealed credentials of the deployment's store, under {@code upstream.key} (created when missing). */
    public static CredentialStore store(GatewayConfig gateway) {
        Path keyFile = gateway.dataDir().resolve(KEY_FILE);
        byte[] key;
        try {
            key = KeyFile.loadOrCreate(keyFile);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ConfigException(keyFile + ": cannot read or create the key (" + why + ")");
        }
        return new CredentialStore(gateway.store(), key);
    }

    /**
     * Cells Home: checks {@code token} against Cells as {@code login} ({@code GET /a/user/LOGIN} with
     * it) and stores it sealed, replacing the user's previous one. The store must be migrated (open a
     * {@code Deployment} first).
     *
     * @throws IllegalArgumentException with a one-line reason (never the token) when Cells refuses
     *     the token, does not know the user, or the user is locked
     * @throws IllegalStateException when Cells cannot be asked
     */
    public static void registerHomeToken(GatewayConfig gateway, String login, String token, Clock clock) {
        CellsApi api = new CellsApi(gateway.upstream().url(), gateway.upstream().connectTimeout());
        CellsApi.UserState state;
        try {
            state = api.user(token, login);
        } catch (CellsException e) {
            if (e.kind() == CellsException.Kind.UNREACHABLE) {
                throw new IllegalStateException(
                        "cannot reach Cells at " + gateway.upstream().url() + ": " + e.getMessage());
            }
            throw new IllegalArgumentException(
                    "Cells refused the token for " + login + " (" + e.getMessage() + "); nothing was stored");
        }
        switch (state) {
            case ABSENT -> throw new IllegalArgumentException("Cells has no user " + login + "; nothing was stored");
            case LOCKED ->
                throw new IllegalArgumentException("user " + login + " is locked in Cells; nothing was stored");
            case ACTIVE ->
                store(gateway)
                        .put(new StoredCredential(
                                login, StoredCredential.Kind.REGISTERED, null, token, clock.instant()));
        }
    }

    public UpstreamIdentity identity() {
        return identity;
    }

    /** The users' standing at Cells, for the filter. */
    public UserGate users() {
        return users;
    }

    /**
     * Asks Cells now whether a user exists and is not locked (the {@code -u} check of token creation).
     *
     * @throws IllegalStateException with a one-line reason when Cells cannot answer
     */
    public UserGate.Standing check(String login) {
        return users.check(login);
    }

    /** Asks Cells again about every user seen; every {@code users_check_interval}. */
    public void refreshUsers() {
        users.refresh();
    }

    /**
     * Renews due tokens and revokes those no longer needed: a user's Cells token is revoked when
     * {@code hasLiveToken} says the user holds no live patgate token, or Cells no longer has the user.
     */
    public void maintain(Predicate<String> hasLiveToken) {
        credentials.maintain(login -> hasLiveToken.test(login) && users.lastKnown(login) != UserGate.Standing.UNKNOWN);
    }

    public CellsConfig config() {
        return config;
    }

    CellsApi api() {
        return api;
    }
}
