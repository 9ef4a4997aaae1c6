package dev.patgate.demo.cells;

import dev.patgate.demo.identity.Identity;
import dev.patgate.demo.identity.IdentityFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stand-in's credential check, in place of the {@link IdentityFilter} when webdav-demo runs with
 * {@code --auth cells}. It accepts only personal tokens {@link CellsAccounts} minted:
 * <ul>
 *   <li>on {@code /dav/}: basic auth {@code login:token}, the login being the token's owner; any
 *       refusal is 401 with {@code WWW-Authenticate: Basic realm="Cells DAV"};
 *   <li>elsewhere: {@code Authorization: Bearer token} (or, as Cells still reads them, the legacy
 *       {@code X-Pydio-Bearer} header or {@code pydio_jwt} query parameter); a refusal is 401 with
 *       Cells' error JSON.
 * </ul>
 * The gateway's signed identity ({@code X-Patgate-Identity}) is never read. An accepted caller is handed
 * on as an {@link Identity} under {@link IdentityFilter#ATTRIBUTE}, so WebDAV and REST serve it as they
 * serve a signed identity; the accepted token is under {@link #ACCEPTED}.
 */
public final class CellsAuthFilter implements Filter {

    /** Request attribute holding the {@link CellsAccounts.Accepted} caller. */
    public static final String ACCEPTED = CellsAccounts.Accepted.class.getName();
    /** The challenge of every refusal on {@code /dav/}. */
    public static final String DAV_CHALLENGE = "Basic realm=\"Cells DAV\"";

    private static final Logger LOG = LoggerFactory.getLogger(CellsAuthFilter.class);

    private final CellsAccounts accounts;

    public CellsAuthFilter(CellsAccounts accounts) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    /** The accepted caller of a request that passed this filter. */
    public static CellsAccounts.Accepted acceptedOf(HttpServletRequest request) {
        Object accepted = request.getAttribute(ACCEPTED);
        if (!(accepted instanceof CellsAccounts.Accepted)) {
            throw new IllegalStateException("request did not pass the Cells credential check");
        }
        return (CellsAccounts.Accepted) accepted;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) resp;
        boolean dav = request.getRequestURI().equals("/dav")
                || request.getRequestURI().startsWith("/dav/");
        String refusal;
        CellsAccounts.Accepted accepted = null;
        List<String> authorization = Collections.list(request.getHeaders("Authorization"));
        if (authorization.size() > 1) {
            refusal = "more than one Authorization header";
        } else if (dav) {
            String[] basic = basic(authorization.isEmpty() ? null : authorization.get(0));
            if (basic == null) {
                refusal = "no basic credentials";
            } else {
                CellsAccounts.Verification check = accounts.verify(basic[1]);
                if (!check.ok()) {
                    refusal = "token " + check.refusal();
                } else if (!check.accepted().user().login().equals(basic[0])) {
                    refusal = "basic login is not the token's user";
                } else {
                    accepted = check.accepted();
                    refusal = null;
                }
            }
        } else {
            String token = bearer(request, authorization.isEmpty() ? null : authorization.get(0));
            if (token == null) {
                refusal = "no bearer token";
            } else {
                CellsAccounts.Verification check = accounts.verify(token);
                accepted = check.accepted();
                refusal = check.ok() ? null : "token " + check.refusal();
            }
        }
        if (refusal != null) {
            LOG.info(
                    "refused {} {} from {}: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    request.getRemoteAddr(),
                    refusal);
            refuse(response, dav);
            return;
        }
        CellsToken token = accepted.token();
        request.setAttribute(ACCEPTED, accepted);
        request.setAttribute(
                IdentityFilter.ATTRIBUTE,
                new Identity(
                        accepted.user().login(),
                        token.uuid(),
                        token.scopes(),
                        accounts.clock().instant(),
                        Instant.ofEpochSecond(token.expiresAt())));
        chain.doFilter(request, response);
    }

    /** {@code [login, password]} of a well-formed basic credential, else null. */
    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            return null;
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    /** The bearer token: Authorization first, then the legacy carriers Cells still reads. */
    private static String bearer(HttpServletRequest request, String header) {
        if (header != null) {
            if (header.length() > 7
                    && header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
                return header.substring(7).strip();
            }
            return null;
        }
        String legacy = request.getHeader("X-Pydio-Bearer");
        if (legacy != null && !legacy.isBlank()) {
            return legacy.strip();
        }
        return queryParameter(request.getQueryString(), "pydio_jwt");
    }

    /** The first value of a query parameter, from the raw query (never the body); null when absent. */
    static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name) && equals > 0) {
                try {
                    return java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void refuse(HttpServletResponse response, boolean dav) throws IOException {
        byte[] body;
        if (dav) {
            response.setHeader("WWW-Authenticate", DAV_CHALLENGE);
            response.setContentType("text/plain;charset=us-ascii");
            body = "Unauthorized\n".getBytes(StandardCharsets.US_ASCII);
        } else {
            response.setContentType("application/json");
            body = CellsJson.error(401, "Unauthorized", "a valid personal access token is required");
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
