package dev.patgate.gateway.page;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.patgate.time.ClockTickers;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * The page's signed-in sessions, in memory only: at most {@code maxSessions} (the least recently
 * used leave first), each ending {@code timeout} after its last request or at sign-out. A session id
 * and its CSRF token are 256 random bits each from {@link SecureRandom}; neither is ever logged.
 * Sessions do not survive a restart and are not shared between gateways: a user signs in again.
 */
final class Sessions {

    private static final Base64.Encoder TEXT = Base64.getUrlEncoder().withoutPadding();

    /**
     * One signed-in user.
     *
     * @param id the cookie's value
     * @param csrf the token every change must carry in {@value PageGuard#CSRF_HEADER}
     */
    record Session(String id, String login, String csrf) {
        @Override
        public String toString() {
            return "Session[login=" + login + "]";
        }

        /** Whether {@code given} is this session's CSRF token, compared in constant time. */
        boolean csrfMatches(String given) {
            return given != null
                    && MessageDigest.isEqual(
                            csrf.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                            given.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Session> live;

    Sessions(Clock clock, Duration timeout, int maxSessions) {
        this.live = Caffeine.newBuilder()
                .ticker(ClockTickers.of(Objects.requireNonNull(clock)))
                .expireAfterAccess(timeout)
                .maximumSize(maxSessions)
                .build();
    }

    /** A new session for {@code login}, with fresh id and CSRF token. */
    Session open(String login) {
        Session session = new Session(randomText(), login, randomText());
        live.put(session.id(), session);
        return session;
    }

    /** The live session with this id, its idle time reset; {@code null} when there is none. */
    Session find(String id) {
        return id == null ? null : live.getIfPresent(id);
    }

    /** Ends the session at once. */
    void end(String id) {
        if (id != null) {
            live.invalidate(id);
        }
    }

    /** Ends every session of {@code login} (a disabled user). */
    void endAll(String login) {
        live.asMap().values().removeIf(session -> session.login().equals(login));
    }

    long size() {
        live.cleanUp();
        return live.estimatedSize();
    }

    private String randomText() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return TEXT.encodeToString(bytes);
    }
}
