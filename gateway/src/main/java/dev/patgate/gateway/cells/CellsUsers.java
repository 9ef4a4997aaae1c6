package dev.patgate.gateway.cells;

import dev.patgate.auth.UserGate;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users as Cells knows them, for the filter's {@link UserGate}: a login stands
 * {@link UserGate.Standing#ACTIVE} while Cells has it and it is not locked,
 * {@link UserGate.Standing#DISABLED} while it is locked, {@link UserGate.Standing#UNKNOWN} once Cells
 * no longer has it.
 *
 * <p>Answered from memory. A login is asked of Cells once when first seen (one call, on that first
 * request), then again by {@link #refresh()} every {@code upstream.cells.users_check_interval}, so a
 * user deleted or locked in Cells is refused within that interval plus the time of one pass.
 * When Cells cannot answer (unreachable, or it refuses the gateway's own credential), the last
 * answer stands and a login never answered counts as active: Cells itself still refuses every
 * request of a deleted or locked user, and such a request needs a credential the gateway cannot get
 * then either (502/503). In Home, a user whose registered token Cells refuses stands disabled.
 */
public final class CellsUsers implements UserGate {

    private static final Logger LOG = LoggerFactory.getLogger(CellsUsers.class);

    private final CellsApi cells;
    private final CellsCredentials credentials;
    private final Map<String, Standing> standings = new ConcurrentHashMap<>();

    public CellsUsers(CellsApi cells, CellsCredentials credentials) {
        this.cells = Objects.requireNonNull(cells, "cells must not be null");
        this.credentials = Objects.requireNonNull(credentials, "credentials must not be null");
    }

    @Override
    public Standing standing(String login) {
        Standing known = standings.get(login);
        if (known != null) {
            return known;
        }
        Standing asked = ask(login, Standing.ACTIVE);
        standings.put(login, asked);
        return asked;
    }

    /**
     * Asks Cells now about {@code login}: for {@code -u} checks (token creation), which must fail
     * loudly rather than assume.
     *
     * @return whether the user exists and is not locked
     * @throws IllegalStateException with a one-line reason (no secret) when Cells cannot answer
     */
    public Standing check(String login) {
        String bearer = credentials.checkerFor(login);
        if (bearer == null) {
            throw new IllegalStateException("no Cells token is registered for " + login
                    + " (register one with 'patgate admin user upstream-token -u " + login + "')");
        }
        try {
            return standingOf(cells.user(bearer, login));
        } catch (CellsException e) {
            if (e.status() == 401 && !(credentials instanceof EnterpriseCredentials)) {
                return Standing.DISABLED;
            }
            throw new IllegalStateException("cannot check the user at Cells: " + e.getMessage());
        }
    }

    /** Asks Cells again about every login seen so far (background). */
    public void refresh() {
        for (String login : Set.copyOf(standings.keySet())) {
            standings.put(login, ask(login, standings.getOrDefault(login, Standing.ACTIVE)));
        }
    }

    /** What Cells said last about {@code login}, or {@code null} when it was never asked. */
    Standing lastKnown(String login) {
        return standings.get(login);
    }

    private Standing ask(String login, Standing otherwise) {
        try {
            return check(login);
        } catch (IllegalStateException e) {
            LOG.warn("users check: {}; {} keeps standing {}", e.getMessage(), login, otherwise.reason());
            return otherwise;
        }
    }

    private static Standing standingOf(CellsApi.UserState state) {
        return switch (state) {
            case ACTIVE -> Standing.ACTIVE;
            case LOCKED -> Standing.DISABLED;
            case ABSENT -> Standing.UNKNOWN;
        };
    }
}
