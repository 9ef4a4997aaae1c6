package dev.patgate.gateway.cells;

import dev.patgate.gateway.identity.UpstreamCredentialException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cells Enterprise: patgate mints each user's Cells token with the admin token through
 * {@code POST /a/auth/token/impersonate}, sliding over {@code upstream.cells.token_window}, labelled
 * {@code patgate gateway (LOGIN) <6 hex>} so that an operator recognises it in Cells' token list.
 *
 * <ul>
 *   <li>Requests are served from memory; the store (sealed) lets a restart reuse the tokens.</li>
 *   <li>{@link #maintain} renews a token once three quarters of its window have passed since it was
 *       minted (used or not), so it never lapses under a request; the replaced token stays valid
 *       for {@link #RETIRE_AFTER} (requests in flight) and is then deleted at Cells.</li>
 *   <li>{@link #maintain} revokes at Cells every token of a user patgate no longer needs (no live
 *       patgate token, or the user is gone from Cells).</li>
 *   <li>A refused or failed mint is answered 503 (refused) or 502 (unreachable) with one operator
 *       log line; further requests for that user within {@link #BACKOFF} get the same answer without
 *       asking Cells or logging again.</li>
 * </ul>
 */
public final class EnterpriseCredentials implements CellsCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(EnterpriseCredentials.class);

    /** How long a replaced token stays valid at Cells before it is deleted (at most an eighth of the window). */
    static final Duration RETIRE_AFTER = Duration.ofMinutes(2);
    /** How long a failed mint is answered from memory. */
    static final Duration BACKOFF = Duration.ofSeconds(5);
    /** The start of every label patgate gives its tokens, followed by {@code (LOGIN)}. */
    static final String LABEL = "patgate gateway";

    private final CellsApi cells;
    private final String adminToken;
    private final CredentialStore store;
    private final Duration window;
    private final Duration retireAfter;
    private final Duration renewAfter;
    private final Duration lapseAfter;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, StoredCredential> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Retired> retired = new ConcurrentLinkedQueue<>();

    private record Failure(Instant until, UpstreamCredentialException answer) {}

    private record Retired(String login, String uuid, Instant deleteAt) {}

    public EnterpriseCredentials(
            CellsApi cells, String adminToken, CredentialStore store, Duration window, Clock clock) {
        this.cells = Objects.requireNonNull(cells, "cells must not be null");
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken must not be null");
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.window = Objects.requireNonNull(window, "window must not be null");
        Duration eighth = window.dividedBy(8);
        this.retireAfter = eighth.compareTo(RETIRE_AFTER) < 0 ? eighth : RETIRE_AFTER;
        this.renewAfter = window.multipliedBy(3).dividedBy(4);
        this.lapseAfter = window.minus(eighth);
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        for (StoredCredential credential : store.all()) {
            if (credential.kind() == StoredCredential.Kind.MINTED) {
                cache.put(credential.login(), credential);
            }
        }
    }

    @Override
    public String forUser(String login) {
        StoredCredential known = cache.get(login);
        if (known != null && !lapsing(known)) {
            return known.token();
        }
        synchronized (locks.computeIfAbsent(login, l -> new Object())) {
            known = cache.get(login);
            if (known != null && !lapsing(known)) {
                return known.token();
            }
            StoredCredential stored = storedUsable(login);
            if (stored != null) {
                cache.put(login, stored);
                return stored.token();
            }
            Failure failure = failures.get(login);
            if (failure != null && clock.instant().isBefore(failure.until())) {
                throw failure.answer();
            }
            try {
                return mint(login, known).token();
            } catch (CellsException e) {
                UpstreamCredentialException answer = answer(e);
                failures.put(login, new Failure(clock.instant().plus(BACKOFF), answer));
                LOG.warn(
                        "cannot mint a Cells token for {}: {}; answering {} (check upstream.cells.admin_token_*"
                                + " and that the admin may impersonate)",
                        login,
                        e.getMessage(),
                        answer.status());
                throw answer;
            }
        }
    }

    @Override
    public String checkerFor(String login) {
        return adminToken;
    }

    @Override
    public Set<String> logins() {
        return Set.copyOf(cache.keySet());
    }

    @Override
    public void maintain(Predicate<String> needed) {
        Instant now = clock.instant();
        for (StoredCredential credential : List.copyOf(cache.values())) {
            String login = credential.login();
            try {
                if (!needed.test(login)) {
                    revoke(login);
                } else if (!now.isBefore(renewAt(credential))) {
                    synchronized (locks.computeIfAbsent(login, l -> new Object())) {
                        if (cache.get(login) == credential) {
                            mint(login, credential);
                        }
                    }
                }
            } catch (CellsException | dev.patgate.store.StoreException e) {
                LOG.warn("Cells token upkeep for {} failed, retried at the next pass: {}", login, e.getMessage());
            }
        }
        List<Retired> due = new ArrayList<>();
        retired.removeIf(r -> !now.isBefore(r.deleteAt()) && due.add(r));
        for (Retired r : due) {
            try {
                cells.deleteToken(adminToken, r.uuid());
            } catch (CellsException e) {
                LOG.warn("cannot delete a replaced Cells token of {}: {}", r.login(), e.getMessage());
            }
        }
    }

    /**
     * Revokes at Cells every token patgate minted for the user (by its label) and forgets it.
     *
     * @throws CellsException when Cells cannot be asked; the credential is kept for the next pass
     */
    void revoke(String login) {
        synchronized (locks.computeIfAbsent(login, l -> new Object())) {
            String prefix = LABEL + " (" + login + ")";
            for (CellsApi.TokenInfo token : cells.tokens(adminToken, login)) {
                if (token.label().startsWith(prefix)) {
                    cells.deleteToken(adminToken, token.uuid());
                }
            }
            StoredCredential known = cache.get(login);
            if (known != null && known.upstreamId() != null) {
                cells.deleteToken(adminToken, known.upstreamId());
            }
            cache.remove(login);
            store.delete(login);
            LOG.info("revoked the Cells token patgate held for {} (no live patgate token left)", login);
        }
    }

    /** Mints, stores and caches a new token; the previous one is retired. Holds the login's lock. */
    private StoredCredential mint(String login, StoredCredential previous) {
        String label = LABEL + " (" + login + ") " + HexFormat.of().formatHex(randomBytes());
        String token = cells.impersonate(adminToken, login, label, window);
        String uuid = null;
        try {
            for (CellsApi.TokenInfo info : cells.tokens(adminToken, login)) {
                if (info.label().equals(label)) {
                    uuid = info.uuid();
                }
            }
        } catch (CellsException e) {
            // the label finds it again when it is revoked
            LOG.debug("cannot list the new token's id: {}", e.getMessage());
        }
        StoredCredential minted =
                new StoredCredential(login, StoredCredential.Kind.MINTED, uuid, token, clock.instant());
        store.put(minted);
        cache.put(login, minted);
        failures.remove(login);
        if (previous != null && previous.upstreamId() != null) {
            retired.add(
                    new Retired(login, previous.upstreamId(), clock.instant().plus(retireAfter)));
        }
        return minted;
    }

    /** A token another process (the CLI, another gateway) minted and stored, still usable; else null. */
    private StoredCredential storedUsable(String login) {
        try {
            return store.find(login)
                    .filter(c -> c.kind() == StoredCredential.Kind.MINTED && !lapsing(c))
                    .orElse(null);
        } catch (dev.patgate.store.StoreException e) {
            LOG.warn("cannot read the stored Cells token of {}: {}", login, e.getMessage());
            return null;
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[3];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Three quarters of the window after minting. */
    private Instant renewAt(StoredCredential credential) {
        return credential.createdAt().plus(renewAfter);
    }

    /**
     * Within the last eighth of its window and not renewed (the gateway was stopped, or Cells could
     * not be asked): minted anew on use rather than sent to lapse under the request.
     */
    private boolean lapsing(StoredCredential credential) {
        return !clock.instant().isBefore(credential.createdAt().plus(lapseAfter));
    }

    private static UpstreamCredentialException answer(CellsException e) {
        int status = e.kind() == CellsException.Kind.UNREACHABLE ? 502 : 503;
        return new UpstreamCredentialException(status, e.getMessage());
    }
}
