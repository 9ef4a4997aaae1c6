package dev.patgate.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patgate.auth.IssuedToken;
import dev.patgate.auth.LifetimeCapException;
import dev.patgate.auth.TokenIssuer;
import dev.patgate.auth.TokenPolicyException;
import dev.patgate.auth.TokenRequest;
import dev.patgate.gateway.users.User;
import dev.patgate.gateway.users.UserDirectory;
import dev.patgate.json.MalformedJsonException;
import dev.patgate.json.StrictJson;
import dev.patgate.store.TokenRecord;
import dev.patgate.store.TokenStore;
import dev.patgate.token.Durations;
import dev.patgate.token.Scope;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the token APIs do, whichever face they show ({@link TokenApiServlet}, {@link CellsTokenApiServlet}):
 * who the caller is (by password only), who may act for whom, what a new token may be, minting,
 * listing and revoking, each with its audit line. The one home of these rules for HTTP.
 */
final class TokenActions {

    private static final Logger AUDIT = LoggerFactory.getLogger("patgate.audit");
    static final int MAX_BODY = 16 * 1024;

    /** The field names a refusal uses, as each API's body spells them. */
    enum Fields {
        PATGATE(
                "user",
                "label",
                "expire",
                "scopes",
                "no expiry: give expire (hard), auto (sliding), or both, e.g. \"expire\": \"24h\""),
        CELLS("UserLogin", "Label", "ExpiresAt", "Scopes", "Please provide one of ExpiresAt or AutoRefresh");

        final String user;
        final String label;
        final String expire;
        final String scopes;
        final String noExpiry;

        Fields(String user, String label, String expire, String scopes, String noExpiry) {
            this.user = user;
            this.label = label;
            this.expire = expire;
            this.scopes = scopes;
            this.noExpiry = noExpiry;
        }
    }

    private final UserDirectory users;
    private final TokenApiServlet.OwnerCheck owners;
    private final TokenStore store;
    private final TokenIssuer issuer;
    private final TokenApiServlet.ScopeCheck scopes;
    private final Consumer<String> revokedHere;
    private final PasswordCheck passwords;
    private final Clock clock;

    TokenActions(
            UserDirectory users,
            TokenApiServlet.OwnerCheck owners,
            TokenStore store,
            TokenIssuer issuer,
            TokenApiServlet.ScopeCheck scopes,
            Consumer<String> revokedHere,
            PasswordCheck passwords,
            Clock clock) {
        this.users = Objects.requireNonNull(users);
        this.owners = Objects.requireNonNull(owners);
        this.store = Objects.requireNonNull(store);
        this.issuer = Objects.requireNonNull(issuer);
        this.scopes = Objects.requireNonNull(scopes);
        this.revokedHere = Objects.requireNonNull(revokedHere);
        this.passwords = Objects.requireNonNull(passwords);
        this.clock = Objects.requireNonNull(clock);
    }

    Clock clock() {
        return clock;
    }

    /**
     * The caller's login, after its password matched; a token is refused (see {@link PasswordCheck}).
     * A request the self-service page let through carries the login of its session instead
     * ({@link TokenApiServlet#SESSION_CALLER}, set only by the gateway's own code).
     */
    String caller(HttpServletRequest request) throws ApiError {
        if (request.getAttribute(TokenApiServlet.SESSION_CALLER) instanceof String signedIn) {
            return signedIn;
        }
        return passwords.authenticate(request);
    }

    boolean isAdmin(String login) {
        return users.isAdmin(login);
    }

    /**
     * Checks and mints a token for {@code owner}, asked by {@code caller}.
     *
     * @param expire the hard expiry from now, {@code null} for none
     * @param auto the sliding window, {@code null} for none
     * @param fields how the refusals name the fields
     * @throws ApiError 403 (not the caller's to ask), 400 (a bad value, an owner the backend refuses,
     *         an unreachable scope), 502 (the backend cannot be asked about the owner or a scope)
     */
    IssuedToken mint(
            String caller,
            String owner,
            String label,
            Duration expire,
            Duration auto,
            List<Scope> scopeList,
            Fields fields,
            String client)
            throws ApiError {
        mayActFor(caller, owner, fields);
        String problem;
        try {
            problem = owners.problem(owner);
        } catch (RuntimeException e) {
            throw new ApiError(502, "upstream_unavailable", "the backend could not be asked about user " + owner);
        }
        if (problem != null) {
            throw ApiError.badRequest(fields.user + ": " + problem);
        }
        if (label != null && !TokenRequest.isAllowedLabel(label)) {
            throw ApiError.badRequest(fields.label + ": at most 100 printable characters");
        }
        if (expire == null && auto == null) {
            throw ApiError.badRequest(fields.noExpiry);
        }
        try {
            issuer.checkPolicy(owner, expire, auto, scopeList);
        } catch (LifetimeCapException e) {
            throw ApiError.badRequest(fields.expire + ": the policy caps token lifetime at " + Durations.format(e.cap())
                    + ", so " + fields.expire + " is needed and must not be longer");
        } catch (TokenPolicyException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        for (Scope scope : scopeList) {
            boolean reachable;
            try {
                reachable = scopes.reachable(owner, scope);
            } catch (RuntimeException e) {
                throw new ApiError(502, "upstream_unavailable", "the backend could not be asked about " + scope);
            }
            if (!reachable) {
                throw ApiError.badRequest(
                        fields.scopes + ": " + scope + ": no such node, or " + owner + " cannot reach it");
            }
        }
        IssuedToken issued;
        try {
            issued = issuer.issue(new TokenRequest(owner, label, caller, expire, auto, scopeList));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        AUDIT.info(
                "outcome=created api=tokens user={} token={} by={} client={}",
                owner,
                issued.record().id(),
                caller,
                client);
        return issued;
    }

    /** {@code owner}'s tokens, newest first, when {@code caller} may see them. */
    List<TokenRecord> list(String caller, String owner, Fields fields) throws ApiError {
        mayActFor(caller, owner, fields);
        return store.findByLogin(owner);
    }

    /** Every user's tokens, for an admin; 403 for anyone else. */
    List<TokenRecord> listAll(String caller) throws ApiError {
        if (!users.isAdmin(caller)) {
            throw new ApiError(403, "forbidden", "only an admin may list every user's tokens");
        }
        return store.findAll();
    }

    /** Revokes the token, here at once; quiet when it already was. */
    void revoke(TokenRecord record, String caller, String client) {
        if (store.revoke(record.id(), clock.instant())) {
            AUDIT.info(
                    "outcome=revoked api=tokens user={} token={} by={} client={}",
                    record.login(),
                    record.id(),
                    caller,
                    client);
        }
        revokedHere.accept(record.id());
    }

    /**
     * Rotates the token: a new one with the same owner, label, scopes and expiry settings, the old
     * one revoked here at once (on other gateways within the revocation poll).
     *
     * @throws ApiError 409 when the token is revoked or expired
     */
    IssuedToken rotate(TokenRecord record, String caller, String client) throws ApiError {
        IssuedToken issued;
        try {
            issued = issuer.rotate(record, caller);
        } catch (IllegalStateException e) {
            throw new ApiError(409, "conflict", e.getMessage() + "; only an active token can be rotated");
        }
        revokedHere.accept(record.id());
        AUDIT.info(
                "outcome=rotated api=tokens user={} token={} new_token={} by={} client={}",
                record.login(),
                record.id(),
                issued.record().id(),
                caller,
                client);
        return issued;
    }

    /** The record, when the caller may see it; else 404, as if there were none. */
    TokenRecord visible(String id, String caller) throws ApiError {
        if (!id.matches("[0-9A-Za-z]{12}")) {
            throw ApiError.notFound();
        }
        TokenRecord record = store.findById(id).orElseThrow(ApiError::notFound);
        if (!record.login().equals(caller) && !users.isAdmin(caller)) {
            throw ApiError.notFound();
        }
        return record;
    }

    /**
     * Whether {@code caller} may manage {@code owner}'s tokens: itself, or anyone active for an admin.
     *
     * @throws ApiError 403 for a non-admin naming another user, 400 for an unknown or disabled user
     */
    void mayActFor(String caller, String owner, Fields fields) throws ApiError {
        if (owner.equals(caller)) {
            return;
        }
        if (!users.isAdmin(caller)) {
            throw new ApiError(403, "forbidden", "only an admin may manage another user's tokens");
        }
        if (!User.isValidLogin(owner) || !users.exists(owner)) {
            throw ApiError.badRequest(fields.user + ": no such user");
        }
        if (!users.isActive(owner)) {
            throw ApiError.badRequest(fields.user + ": the user is disabled");
        }
    }

    /**
     * The body: one strict JSON object (see docs/token-api.md, "Strict JSON").
     *
     * @throws ApiError 415 (not JSON), 413 (over 16 KiB), 400 (not one strict JSON object)
     */
    static JsonNode readObject(HttpServletRequest request) throws IOException, ApiError {
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

    /**
     * Parses each scope ({@code node:<uuid>:r|w|rw}).
     *
     * @param field the field's name, for the refusal
     * @throws ApiError 400 naming the field and the accepted form
     */
    static List<Scope> scopeList(String field, List<String> texts) throws ApiError {
        List<Scope> list = new ArrayList<>();
        for (String text : texts) {
            if (text == null) {
                throw ApiError.badRequest(field + ": must be a list of strings like \"node:<uuid>:rw\"");
            }
            try {
                list.add(Scope.parse(text));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(field + ": " + e.getMessage());
            }
        }
        return list;
    }
}
