package dev.patgate.gateway.page;

import dev.patgate.gateway.users.UserDirectory;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * What stands between a browser and the page's answers: the session cookie, the CSRF token and
 * origin checks on every change, and the security headers on every answer.
 */
final class PageGuard {

    /** The session cookie's name. */
    static final String COOKIE = "patgate_session";
    /** The header every change carries its session's CSRF token in. */
    static final String CSRF_HEADER = "X-Patgate-CSRF";
    /** The cookie's path: the page, its JSON calls and the token API. */
    static final String COOKIE_PATH = "/patgate/";

    /** Only the gateway's own files; no inline script or style, no frames, no plugins. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
                    + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Sessions sessions;
    private final UserDirectory users;
    private final Duration timeout;

    PageGuard(Sessions sessions, UserDirectory users, Duration timeout) {
        this.sessions = Objects.requireNonNull(sessions);
        this.users = Objects.requireNonNull(users);
        this.timeout = Objects.requireNonNull(timeout);
    }

    Sessions sessions() {
        return sessions;
    }

    /** The headers of every answer of the page: no sniffing, no framing, the CSP, no caching. */
    static void secureHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Cache-Control", "no-store");
    }

    /** The session id the request's cookie names, or {@code null}. */
    static String cookieValue(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** Whether the request carries a session cookie at all. */
    static boolean hasCookie(HttpServletRequest request) {
        return cookieValue(request) != null;
    }

    /**
     * The request's live session, its user still active; {@code null} when there is none (a
     * disabled or removed user's sessions end here).
     */
    Sessions.Session session(HttpServletRequest request) {
        Sessions.Session session = sessions.find(cookieValue(request));
        if (session != null && !users.isActive(session.login())) {
            sessions.endAll(session.login());
            return null;
        }
        return session;
    }

    /**
     * Why a change must not be made, or {@code null}: it must come from the gateway's own origin
     * (when the browser says where it comes from, in {@code Sec-Fetch-Site} or {@code Origin}) and,
     * when {@code session} is given, carry its CSRF token.
     */
    static String changeRefused(HttpServletRequest request, Sessions.Session session) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            return "a change must come from this page (Sec-Fetch-Site: " + site + ")";
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.equalsIgnoreCase(ownOrigin(request))) {
            return "a change must come from this page (another origin)";
        }
        if (session != null && !session.csrfMatches(request.getHeader(CSRF_HEADER))) {
            return "the CSRF token is missing or wrong: reload the page";
        }
        return null;
    }

    /** {@code scheme://host[:port]} as the client sees the gateway (see {@code ClientView}). */
    static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = port <= 0
                || (port == 80 && "http".equalsIgnoreCase(scheme))
                || (port == 443 && "https".equalsIgnoreCase(scheme));
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    /** Sets the session cookie: HttpOnly, SameSite=Strict, Secure over TLS, no lasting expiry. */
    void setCookie(HttpServletRequest request, HttpServletResponse response, String id) {
        response.addHeader("Set-Cookie", cookie(request, id, -1));
    }

    /** Tells the browser to drop the session cookie. */
    void clearCookie(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader("Set-Cookie", cookie(request, "", 0));
    }

    private String cookie(HttpServletRequest request, String value, long maxAge) {
        StringBuilder text = new StringBuilder(COOKIE)
                .append('=')
                .append(value)
                .append("; Path=")
                .append(COOKIE_PATH)
                .append("; HttpOnly; SameSite=Strict");
        if (maxAge >= 0) {
            text.append("; Max-Age=").append(maxAge);
        }
        if (request.isSecure()) {
            text.append("; Secure");
        }
        return text.toString();
    }

    Duration timeout() {
        return timeout;
    }
}
