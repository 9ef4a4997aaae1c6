package dev.patgate.gateway.cells;

import dev.patgate.gateway.identity.UpstreamCredentialException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cells Home, which has no token API: each user's Cells token is made by the operator with Cells'
 * {@code admin user token -u LOGIN -a 30d} and registered with
 * {@code patgate admin user upstream-token -u LOGIN}. Served from memory; a token registered while
 * the gateway runs is read from the store on the user's next request. patgate neither renews nor
 * revokes these tokens at Cells: their sliding window keeps them alive while they are used.
 */
public final class HomeCredentials implements CellsCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(HomeCredentials.class);

    /** How often a user without a registered token is named in the log, at most. */
    static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final CredentialStore store;
    private final Clock clock;
    private final Map<String, StoredCredential> cache = new ConcurrentHashMap<>();
    private final Map<String, Instant> warned = new ConcurrentHashMap<>();

    public HomeCredentials(CredentialStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        for (StoredCredential credential : store.all()) {
            cache.put(credential.login(), credential);
        }
    }

    @Override
    public String forUser(String login) {
        StoredCredential known = cache.get(login);
        if (known == null) {
            known = reread(login);
        }
        if (known == null) {
            warnAtMostEveryMinute(login);
            throw new UpstreamCredentialException(503, "no Cells token registered for " + login);
        }
        return known.token();
    }

    /** One line per user and minute, however many requests the user's client keeps sending. */
    private void warnAtMostEveryMinute(String login) {
        Instant now = clock.instant();
        Instant last = warned.get(login);
        if (last == null || !now.isBefore(last.plus(WARN_EVERY))) {
            warned.put(login, now);
            LOG.warn(
                    "no Cells token registered for {}; answering 503 (register one with 'patgate admin user"
                            + " upstream-token -u {}')",
                    login,
                    login);
        }
    }

    @Override
    public String checkerFor(String login) {
        StoredCredential known = cache.get(login);
        if (known == null) {
            known = reread(login);
        }
        return known == null ? null : known.token();
    }

    @Override
    public Set<String> logins() {
        return Set.copyOf(cache.keySet());
    }

    /** Picks up tokens registered or replaced since the last pass; nothing is revoked at Cells Home. */
    @Override
    public void maintain(Predicate<String> needed) {
        Map<String, StoredCredential> now = new ConcurrentHashMap<>();
        for (StoredCredential credential : store.all()) {
            now.put(credential.login(), credential);
        }
        cache.keySet().retainAll(now.keySet());
        cache.putAll(now);
    }

    private StoredCredential reread(String login) {
        try {
            StoredCredential found = store.find(login).orElse(null);
            if (found != null) {
                cache.put(login, found);
            }
            return found;
        } catch (dev.patgate.store.StoreException e) {
            LOG.warn("cannot read the Cells token of {}: {}", login, e.getMessage());
            return null;
        }
    }
}
