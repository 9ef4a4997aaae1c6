package dev.patgate.gateway.cells;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The few calls of Cells' REST API the gateway makes itself, with a bearer token it passes in:
 * impersonation, the token list and deletion (Enterprise), and a user's record. Shapes as in
 * /work/shared/CELLS-API.md: int64 values travel as JSON strings. Never follows redirects; never puts
 * a token in an exception.
 */
public final class CellsApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ANSWER = 1024 * 1024;

    /** Where a login stands at Cells. */
    enum UserState {
        ACTIVE,
        LOCKED,
        ABSENT
    }

    /** One entry of Cells' token list (without the token, which Cells never returns). */
    record TokenInfo(String uuid, String label) {}

    private final String base;
    private final Duration timeout;
    private final HttpClient http;

    /** @param upstream Cells' base URL ({@code upstream.url}) */
    public CellsApi(URI upstream, Duration timeout) {
        String text =
                Objects.requireNonNull(upstream, "upstream must not be null").toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * {@code POST /a/auth/token/impersonate}: a personal token for {@code login}, sliding over
     * {@code window}, labelled {@code label}.
     *
     * @throws CellsException REFUSED when Cells refuses (admin token invalid, no such user, no
     *     impersonation), UNREACHABLE when it cannot be asked
     */
    String impersonate(String adminToken, String login, String label, Duration window) {
        ObjectNode body = JSON.createObjectNode()
                .put("UserLogin", login)
                .put("Label", label)
                .put("AutoRefresh", (int) Math.min(Integer.MAX_VALUE, window.toSeconds()));
        JsonNode answer = expectJson(send("POST", "/a/auth/token/impersonate", adminToken, body), "impersonation");
        JsonNode token = answer.get("AccessToken");
        if (token == null || !token.isTextual() || token.textValue().isEmpty()) {
            throw new CellsException(
                    CellsException.Kind.REFUSED, 200, "Cells' impersonation answer has no AccessToken");
        }
        return token.textValue();
    }

    /** {@code POST /a/auth/tokens {"ByUser": login}}: the user's personal tokens. */
    List<TokenInfo> tokens(String bearer, String login) {
        ObjectNode body = JSON.createObjectNode().put("ByUser", login);
        JsonNode answer = expectJson(send("POST", "/a/auth/tokens", bearer, body), "token list");
        List<TokenInfo> tokens = new ArrayList<>();
        JsonNode list = answer.get("Tokens");
        if (list != null && list.isArray()) {
            for (JsonNode token : list) {
                JsonNode uuid = token.get("Uuid");
                JsonNode label = token.get("Label");
                if (uuid != null && uuid.isTextual()) {
                    tokens.add(new TokenInfo(
                            uuid.textValue(), label != null && label.isTextual() ? label.textValue() : ""));
                }
            }
        }
        return tokens;
    }

    /** {@code DELETE /a/auth/tokens/{uuid}}; a token Cells no longer has (404) counts as deleted. */
    void deleteToken(String bearer, String uuid) {
        HttpResponse<byte[]> response = send("DELETE", "/a/auth/tokens/" + encode(uuid), bearer, null);
        if (response.statusCode() != 404) {
            expectJson(response, "token deletion");
        }
    }

    /**
     * {@code GET /a/user/{login}}: exists, and whether {@code Attributes.locks} holds {@code logout}
     * (Cells' lock; a value that cannot be read counts as locked).
     *
     * @throws CellsException REFUSED when Cells refuses the bearer itself (401)
     */
    UserState user(String bearer, String login) {
        HttpResponse<byte[]> response = send("GET", "/a/user/" + encode(login), bearer, null);
        if (response.statusCode() == 404) {
            return UserState.ABSENT;
        }
        JsonNode user = expectJson(response, "user lookup");
        JsonNode found = user.get("Login");
        if (found == null || !login.equals(found.asText())) {
            return UserState.ABSENT;
        }
        JsonNode attributes = user.get("Attributes");
        JsonNode locks = attributes == null ? null : attributes.get("locks");
        return locks == null || locks.isNull() ? UserState.ACTIVE : lockState(locks);
    }

    static UserState lockState(JsonNode locks) {
        try {
            JsonNode list = locks.isTextual() ? JSON.readTree(locks.textValue()) : locks;
            if (list == null
                    || list.isMissingNode()
                    || list.isNull()
                    || (list.isTextual() && list.textValue().isEmpty())) {
                return UserState.ACTIVE;
            }
            if (!list.isArray()) {
                return UserState.LOCKED;
            }
            for (JsonNode lock : list) {
                if ("logout".equals(lock.asText())) {
                    return UserState.LOCKED;
                }
            }
            return UserState.ACTIVE;
        } catch (IOException e) {
            return locks.textValue().isBlank() ? UserState.ACTIVE : UserState.LOCKED;
        }
    }

    private HttpResponse<byte[]> send(String method, String path, String bearer, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CellsException(
                    CellsException.Kind.UNREACHABLE,
                    -1,
                    "Cells unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CellsException(CellsException.Kind.UNREACHABLE, -1, "interrupted");
        }
    }

    private static JsonNode expectJson(HttpResponse<byte[]> response, String what) {
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new CellsException(
                    CellsException.Kind.REFUSED, status, "Cells answered " + status + " to the " + what);
        }
        if (response.body().length > MAX_ANSWER) {
            throw new CellsException(CellsException.Kind.REFUSED, status, "Cells' " + what + " answer is too large");
        }
        try {
            JsonNode node = JSON.readTree(response.body());
            if (node == null || !node.isObject()) {
                throw new IOException("not an object");
            }
            return node;
        } catch (IOException e) {
            throw new CellsException(CellsException.Kind.REFUSED, status, "Cells' " + what + " answer is not JSON");
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
