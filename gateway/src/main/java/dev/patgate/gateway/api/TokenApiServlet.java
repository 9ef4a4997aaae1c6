package dev.patgate.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patgate.auth.IssuedToken;
import dev.patgate.auth.LifetimeCapException;
import dev.patgate.auth.TokenIssuer;
import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.users.User;
import dev.patgate.gateway.users.UserDirectory;
import dev.patgate.json.MalformedJsonException;
import dev.patgate.json.StrictJson;
import dev.patgate.store.StoreException;
import dev.patgate.store.TokenRecord;
import dev.patgate.store.TokenStore;
import dev.patgate.token.Durations;
import dev.patgate.token.Scope;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token management API at {@value #PATH}: people list, create and revoke their own tokens with
 * their login and password (basic auth, checked against the user directory), and admins do so for
 * anyone. A token cannot manage tokens: a leaked or scoped token must not be able to mint a broader
 * or longer-lived one. See docs/token-api.md.
 *
 * <ul>
 *   <li>{@code GET {PATH}[?user=LOGIN]}: the caller's tokens (an admin: anyone's), newest first.</li>
 *   <li>{@code POST {PATH}} with a JSON object {@code {"expire", "auto", "scopes", "label", "user"}}:
 *       201 with the new token's plaintext, shown this once.</li>
 *   <li>{@code GET {PATH}/{id}}: one token; {@code DELETE {PATH}/{id}}: revoke it, at once here and
 *       within {@code tokens.revocation_poll_interval} on other gateways.</li>
 * </ul>
 *
 * <p>Every answer is JSON with {@code Cache-Control: no-store}. Failed passwords count towards the
 * same kind of per-address limit as failed tokens (429 once exceeded). A token id the caller may
 * not see answers 404, like one that does not exist.
 */
public final class TokenApiServlet extends HttpServlet {

    /** Where the API is mounted. */
    public static final String PATH = "/patgate/tokens";

    private static final long serialVersionUID = 1L;
    private static final Logger AUDIT = LoggerFactory.getLogger("patgate.audit");
    private static final int MAX_BODY = 16 * 1024;

    /** Says whether a node is there for a user; throws when the backend cannot tell. */
    @FunctionalInterface
    public interface ScopeCheck {
        /** @throws RuntimeException when the backend cannot be asked (answered 502) */
        boolean reachable(String login, Scope scope);
    }

    /**
     * Whether the backend lets a user hold a token (upstream mode cells: the user exists in Cells and
     * is not locked).
     */
    @FunctionalInterface
    public interface OwnerCheck {
        /** Every owner the user directory accepts. */
        OwnerCheck NONE = login -> null;

        /**
         * @return {@code null} when the owner may hold a token, else a short reason (answered 400)
         * @throws RuntimeException when the backend cannot be asked (answered 502)
         */
        String problem(String login);
    }

    private final transient UserDirectory users;
    private final transient OwnerCheck owners;
    private final transient TokenStore store;
    private final transient TokenIssuer issuer;
    private final transient ScopeCheck scopes;
    private final transient Consumer<String> revokedHere;
    private final transient PasswordCheck passwords;
    private final transient Clock clock;

    /**
     * @param revokedHere drops a revoked token from this gateway's cache
     * @param passwords checks the caller's login and password
     */
    public TokenApiServlet(
            UserDirectory users,
            TokenStore store,
            TokenIssuer issuer,
            ScopeCheck scopes,
            Consumer<String> revokedHere,
            PasswordCheck passwords,
            Clock clock) {
        this(users, store, issuer, scopes, revokedHere, passwords, clock, OwnerCheck.NONE);
    }

    /**
     * @param owners asked before a token is made for a user (upstream mode cells: the user at Cells)
     */
    public TokenApiServlet(
            UserDirectory users,
            TokenStore store,
            TokenIssuer issuer,
            ScopeCheck scopes,
            Consumer<String> revokedHere,
            PasswordCheck passwords,
            Clock clock,
            OwnerCheck owners) {
        this.owners = Objects.requireNonNull(owners);
        this.users = Objects.requireNonNull(users);
        this.store = Objects.requireNonNull(store);
        this.issuer = Objects.requireNonNull(issuer);
        this.scopes = Objects.requireNonNull(scopes);
        this.revokedHere = Objects.requireNonNull(revokedHere);
        this.passwords = Objects.requireNonNull(passwords);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        try {
            String caller = passwords.authenticate(request);
            String path = request.getPathInfo();
            if (path == null || path.equals("/")) {
                switch (request.getMethod()) {
                    case "GET" -> list(request, response, caller);
                    case "POST" -> create(request, response, caller);
                    default -> throw ApiError.methodNotAllowed("GET, POST");
                }
            } else {
                String id = path.substring(1);
                if (!id.matches("[0-9A-Za-z]{12}")) {
                    throw ApiError.notFound();
                }
                switch (request.getMethod()) {
                    case "GET" -> JsonAnswer.write(response, 200, TokenView.of(visible(id, caller), clock.instant()));
                    case "DELETE" -> revoke(response, visible(id, caller), caller, request.getRemoteAddr());
                    default -> throw ApiError.methodNotAllowed("GET, DELETE");
                }
            }
        } catch (ApiError e) {
            e.writeTo(response);
        } catch (StoreException e) {
            LoggerFactory.getLogger(TokenApiServlet.class).error("token store unavailable: {}", e.getMessage());
            response.setHeader("Retry-After", "5");
            new ApiError(503, "unavailable", "the token store cannot be reached; try again shortly").writeTo(response);
        }
    }

    private void list(HttpServletRequest request, HttpServletResponse response, String caller)
            throws IOException, ApiError {
        String user = request.getParameter("user");
        String owner = user == null ? caller : user;
        mayActFor(caller, owner);
        Instant now = clock.instant();
        List<TokenView> tokens = store.findByLogin(owner).stream()
                .map(record -> TokenView.of(record, now))
                .toList();
        JsonAnswer.write(response, 200, new TokenView.Listing(tokens));
    }

    private void create(HttpServletRequest request, HttpServletResponse response, String caller)
            throws IOException, ApiError {
        CreateTokenBody body = CreateTokenBody.bind(readObject(request));
        String owner = body.user() == null ? caller : body.user();
        mayActFor(caller, owner);
        String problem;
        try {
            problem = owners.problem(owner);
        } catch (RuntimeException e) {
            throw new ApiError(502, "upstream_unavailable", "the backend could not be asked about user " + owner);
        }
        if (problem != null) {
            throw ApiError.badRequest("user: " + problem);
        }
        String label = body.label();
        if (label != null && !TokenRequest.isAllowedLabel(label)) {
            throw ApiError.badRequest("label: at most 100 printable characters");
        }
        Duration expire = duration("expire", body.expire());
        Duration auto = duration("auto", body.auto());
        if (expire == null && auto == null) {
            throw ApiError.badRequest(
                    "no expiry: give expire (hard), auto (sliding), or both, e.g. \"expire\": \"24h\"");
        }
        try {
            issuer.checkLifetime(expire);
        } catch (LifetimeCapException e) {
            throw ApiError.badRequest("expire: the policy caps token lifetime at " + Durations.format(e.cap())
                    + ", so expire is needed and must not be longer");
        }
        List<Scope> scopeList = scopeList(body.scopes());
        for (Scope scope : scopeList) {
            boolean reachable;
            try {
                reachable = scopes.reachable(owner, scope);
            } catch (RuntimeException e) {
                throw new ApiError(502, "upstream_unavailable", "the backend could not be asked about " + scope);
            }
            if (!reachable) {
                throw ApiError.badRequest("scopes: " + scope + ": no such node, or " + owner + " cannot reach it");
            }
        }
        IssuedToken issued;
        try {
            issued = issuer.issue(new TokenRequest(owner, label, caller, expire, auto, scopeList));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        TokenRecord record = issued.record();
        AUDIT.info(
                "outcome=created api=tokens user={} token={} by={} client={}",
                owner,
                record.id(),
                caller,
                request.getRemoteAddr());
        response.setHeader("Location", PATH + "/" + record.id());
        JsonAnswer.write(
                response, 201, new TokenView.Created(TokenView.of(record, clock.instant()), issued.plaintext()));
    }

    private void revoke(HttpServletResponse response, TokenRecord record, String caller, String client)
            throws IOException {
        if (store.revoke(record.id(), clock.instant())) {
            AUDIT.info(
                    "outcome=revoked api=tokens user={} token={} by={} client={}",
                    record.login(),
                    record.id(),
                    caller,
                    client);
        }
        revokedHere.accept(record.id());
        response.setStatus(204);
    }

    /** The record, when the caller may see it; else 404, as if there were none. */
    private TokenRecord visible(String id, String caller) throws ApiError {
        TokenRecord record = store.findById(id).orElseThrow(ApiError::notFound);
        if (!record.login().equals(caller) && !users.isAdmin(caller)) {
            throw ApiError.notFound();
        }
        return record;
    }

    private void mayActFor(String caller, String owner) throws ApiError {
        if (owner.equals(caller)) {
            return;
        }
        if (!users.isAdmin(caller)) {
            throw new ApiError(403, "forbidden", "only an admin may manage another user's tokens");
        }
        if (!User.isValidLogin(owner) || !users.exists(owner)) {
            throw ApiError.badRequest("user: no such user");
        }
        if (!users.isActive(owner)) {
            throw ApiError.badRequest("user: the user is disabled");
        }
    }

    private static JsonNode readObject(HttpServletRequest request) throws IOException, ApiError {
        if (!StrictJson.isJsonContentType(request.getContentType())) {
            throw new ApiError(
                    415,
                    "unsupported_media_type",
                    "send a JSON object with Content-Type: application/json (charset utf-8 or none)");
        }
        if (request.getContentLengthLong() > MAX_BODY) {
            throw new ApiError(413, "too_large", "the body is larger than " + MAX_BODY + " bytes");
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new ApiError(413, "too_large", "the body is larger than " + MAX_BODY + " bytes");
        }
        JsonNode body;
        try {
            body = StrictJson.read(bytes, MAX_BODY);
        } catch (MalformedJsonException e) {
            throw ApiError.badRequest("the body is not valid JSON: " + e.getMessage());
        }
        if (!body.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        return body;
    }

    private static Duration duration(String field, String text) throws ApiError {
        if (text == null) {
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(field + ": " + e.getMessage());
        }
    }

    private static List<Scope> scopeList(List<String> texts) throws ApiError {
        List<Scope> list = new ArrayList<>();
        for (String text : texts) {
            if (text == null) {
                throw ApiError.badRequest("scopes: must be a list of strings like \"node:<uuid>:rw\"");
            }
            try {
                list.add(Scope.parse(text));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("scopes: " + e.getMessage());
            }
        }
        return list;
    }
}
