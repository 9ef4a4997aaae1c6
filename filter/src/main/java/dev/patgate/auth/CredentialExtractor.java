package dev.patgate.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;

/**
 * Reads the credentials of a request: {@code Authorization: Bearer <token>} (RFC 6750) or
 * {@code Authorization: Basic base64(login:token)} (RFC 7617, UTF-8). Only parses: it never looks
 * anything up.
 *
 * <p>Strict: the scheme is matched case-insensitively as a whole word; a bare scheme, two
 * Authorization headers, characters outside RFC 6750's {@code b64token}, bad base64, a missing
 * colon, control characters, an unknown scheme, and a token in the query string
 * ({@code access_token=}) are all refused as {@link Refusal.BadRequest}. No message ever
 * quotes the value.
 */
public final class CredentialExtractor {

    private static final String AUTHORIZATION = "Authorization";

    private CredentialExtractor() {}

    /**
     * @return the credentials, or {@code null} when the request carries none
     * @throws Refusal a {@link Refusal.BadRequest} when malformed
     */
    public static Credentials extract(HttpServletRequest request) throws Refusal {
        Enumeration<String> values = request.getHeaders(AUTHORIZATION);
        List<String> headers = new ArrayList<>(1);
        while (values != null && values.hasMoreElements()) {
            headers.add(values.nextElement());
        }
        return parse(headers, request.getQueryString());
    }

    /**
     * The pure core of {@link #extract}.
     *
     * @param authorizationHeaders every {@code Authorization} header value, in order
     * @param rawQuery the raw query string, or {@code null}
     */
    public static Credentials parse(List<String> authorizationHeaders, String rawQuery) throws Refusal {
        if (rawQuery != null && hasAccessTokenParameter(rawQuery)) {
            throw Refusal.invalidRequest("token in query string");
        }
        if (authorizationHeaders.isEmpty()) {
            return null;
        }
        if (authorizationHeaders.size() > 1) {
            throw Refusal.invalidRequest("several Authorization headers");
        }
        String header = authorizationHeaders.get(0);
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : stripLeadingSpaces(header.substring(space + 1));
        if (scheme.equalsIgnoreCase("Bearer")) {
            return new Credentials.Bearer(bearerToken(value));
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic(value);
        }
        throw Refusal.invalidRequest("unsupported authorization scheme");
    }

    private static String bearerToken(String value) throws Refusal {
        if (value.isEmpty()) {
            throw Refusal.invalidRequest("bearer scheme without a token");
        }
        int i = 0;
        int n = value.length();
        while (i < n && isB64TokenChar(value.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw Refusal.invalidRequest("bearer token has invalid characters");
        }
        while (i < n && value.charAt(i) == '=') {
            i++;
        }
        if (i != n) {
            throw Refusal.invalidRequest("bearer token has invalid characters");
        }
        return value;
    }

    private static Credentials basic(String value) throws Refusal {
        if (value.isEmpty()) {
            throw Refusal.invalidRequest("basic scheme without credentials");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalidRequest("basic credentials are not base64");
        }
        String text;
        try {
            text = isAscii(decoded)
                    ? new String(decoded, StandardCharsets.US_ASCII)
                    : StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(decoded))
                            .toString();
        } catch (CharacterCodingException e) {
            throw Refusal.invalidRequest("basic credentials are not UTF-8");
        } finally {
            java.util.Arrays.fill(decoded, (byte) 0);
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw Refusal.invalidRequest("basic credentials have no colon");
        }
        String username = text.substring(0, colon);
        String password = text.substring(colon + 1);
        if (username.isEmpty()) {
            throw Refusal.invalidRequest("basic credentials have an empty username");
        }
        if (hasControlCharacter(username) || hasControlCharacter(password)) {
            throw Refusal.invalidRequest("basic credentials contain control characters");
        }
        return new Credentials.Basic(username, password);
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isB64TokenChar(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~'
                || c == '+'
                || c == '/';
    }

    private static boolean hasControlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static String stripLeadingSpaces(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return s.substring(i);
    }

    private static boolean hasAccessTokenParameter(String rawQuery) {
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equalsIgnoreCase("access_token")) {
                return true;
            }
        }
        return false;
    }
}
