package dev.patgate.testsupport;

/**
 * The exact {@code WWW-Authenticate} values patgate answers with under its default realm
 * {@code patgate} (docs/design.md, "Credentials and answers"). Tests compare with these whole, never
 * with a prefix or a part. A 401 and a 400 carry {@link #BASIC} first, then the Bearer value; a 403
 * carries the Bearer value only.
 */
public final class Challenges {

    /** The Basic challenge on every 401 and 400. */
    public static final String BASIC = "Basic realm=\"patgate\", charset=\"UTF-8\"";

    /** The Bearer challenge when no credentials were sent (401, no error code). */
    public static final String BEARER = "Bearer realm=\"patgate\"";

    /** Malformed credentials or request (400). */
    public static final String INVALID_REQUEST = BEARER + ", error=\"invalid_request\"";

    /** Unknown, expired, revoked or foreign token (401). */
    public static final String INVALID_TOKEN = BEARER + ", error=\"invalid_token\"";

    /** A refusal that no scope would lift (403 without a {@code scope} parameter). */
    public static final String INSUFFICIENT_SCOPE = BEARER + ", error=\"insufficient_scope\"";

    private Challenges() {}

    /** A 403 that a token with {@code permission} ({@code read} or {@code write}) on the target would pass. */
    public static String insufficientScope(String permission) {
        return INSUFFICIENT_SCOPE + ", scope=\"" + permission + "\"";
    }
}
