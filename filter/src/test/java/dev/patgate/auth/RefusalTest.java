package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of refusal with the answer it stands for (DESIGN "Credentials and answers"). */
class RefusalTest {

    static final String REALM = "patgate";
    static final String BASIC = "Basic realm=\"patgate\", charset=\"UTF-8\"";
    static final AuthenticatedToken ALICE = new AuthenticatedToken("alice", "tokenid12345", List.of(), Instant.EPOCH);

    /** refusal, subtype, status, outcome label, challenges, Retry-After, body error, description, counts. */
    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments(
                        Refusal.missing(),
                        Refusal.Missing.class,
                        401,
                        "missing",
                        List.of(BASIC, "Bearer realm=\"patgate\""),
                        0L,
                        "unauthorized",
                        "credentials required: a token as Bearer, or as the basic-auth password with your login",
                        false),
                arguments(
                        Refusal.invalidRequest("basic credentials have no colon"),
                        Refusal.BadRequest.class,
                        400,
                        "invalid_request",
                        List.of(BASIC, "Bearer realm=\"patgate\", error=\"invalid_request\""),
                        0L,
                        "invalid_request",
                        "malformed credentials: basic credentials have no colon",
                        true),
                arguments(
                        Refusal.invalidRequest("path refused: encoded slash", ALICE),
                        Refusal.BadRequest.class,
                        400,
                        "invalid_request",
                        List.of(BASIC, "Bearer realm=\"patgate\", error=\"invalid_request\""),
                        0L,
                        "invalid_request",
                        "malformed request: path refused: encoded slash",
                        false),
                arguments(
                        Refusal.invalidToken("expired", "tokenid12345", "alice"),
                        Refusal.InvalidToken.class,
                        401,
                        "invalid_token",
                        List.of(BASIC, "Bearer realm=\"patgate\", error=\"invalid_token\""),
                        0L,
                        "invalid_token",
                        "the token is unknown, expired, revoked, or not this user's",
                        true),
                arguments(
                        Refusal.invalidToken("malformed token", null, null),
                        Refusal.InvalidToken.class,
                        401,
                        "invalid_token",
                        List.of(BASIC, "Bearer realm=\"patgate\", error=\"invalid_token\""),
                        0L,
                        "invalid_token",
                        "the token is unknown, expired, revoked, or not this user's",
                        true),
                arguments(
                        Refusal.insufficientScope("target outside the token's write scopes", ALICE, "write"),
                        Refusal.Forbidden.class,
                        403,
                        "insufficient_scope",
                        List.of("Bearer realm=\"patgate\", error=\"insufficient_scope\", scope=\"write\""),
                        0L,
                        "insufficient_scope",
                        "the token's scopes do not allow this request; write permission is needed",
                        false),
                arguments(
                        Refusal.insufficientScope("target outside the token's scopes", ALICE, "read"),
                        Refusal.Forbidden.class,
                        403,
                        "insufficient_scope",
                        List.of("Bearer realm=\"patgate\", error=\"insufficient_scope\", scope=\"read\""),
                        0L,
                        "insufficient_scope",
                        "the token's scopes do not allow this request; read permission is needed",
                        false),
                arguments(
                        Refusal.insufficientScope("method not allowed for scoped tokens", ALICE, null),
                        Refusal.Forbidden.class,
                        403,
                        "insufficient_scope",
                        List.of("Bearer realm=\"patgate\", error=\"insufficient_scope\""),
                        0L,
                        "insufficient_scope",
                        "the token's scopes do not allow this request",
                        false),
                arguments(
                        Refusal.bodyTooLarge(ALICE),
                        Refusal.TooLarge.class,
                        413,
                        "body_too_large",
                        List.of(),
                        0L,
                        "body_too_large",
                        "the body is too large for a scoped token's request",
                        false),
                arguments(
                        Refusal.rateLimited(42),
                        Refusal.RateLimited.class,
                        429,
                        "rate_limited",
                        List.of(),
                        42L,
                        "too_many_failures",
                        "too many failed attempts; retry after 42 s",
                        false),
                arguments(
                        Refusal.storeUnavailable(),
                        Refusal.Unavailable.class,
                        503,
                        "unavailable",
                        List.of(),
                        5L,
                        "temporarily_unavailable",
                        "the token store cannot be reached; try again shortly",
                        false),
                arguments(
                        Refusal.upstreamUnavailable("scope resolution failed: timeout", ALICE),
                        Refusal.BadGateway.class,
                        502,
                        "upstream_unavailable",
                        List.of(),
                        5L,
                        "upstream_unavailable",
                        "the backend cannot say where the token's scoped nodes are; try again shortly",
                        false));
    }

    @ParameterizedTest(name = "{1} {2} {3}")
    @MethodSource("refusals")
    void refusalWhenMadeByItsFactoryThenCarriesItsDocumentedAnswer(
            Refusal refusal,
            Class<?> kind,
            int status,
            String outcome,
            List<String> challenges,
            long retryAfter,
            String error,
            String description,
            boolean counts) {
        assertThat(refusal).isExactlyInstanceOf(kind);
        assertThat(refusal.status()).isEqualTo(status);
        assertThat(refusal.outcome().label()).isEqualTo(outcome);
        assertThat(refusal.challenges(REALM)).containsExactlyElementsOf(challenges);
        assertThat(refusal.retryAfterSeconds()).isEqualTo(retryAfter);
        assertThat(refusal.error()).isEqualTo(error);
        assertThat(refusal.description()).isEqualTo(description);
        assertThat(refusal.countsAsFailure()).isEqualTo(counts);
        assertThat(refusal.closesConnection()).isEqualTo(refusal instanceof Refusal.TooLarge);
        assertThat(refusal.getStackTrace()).isEmpty();
        assertThat(refusal.getMessage()).isEqualTo(outcome + ": " + refusal.reason());
    }

    @Test
    void refusalsWhenEveryKindListedThenEachSubtypeAndEachOutcomeIsCovered() {
        Set<Class<?>> kinds = refusals().map(a -> (Class<?>) a.get()[1]).collect(Collectors.toSet());
        Set<String> outcomes = refusals().map(a -> (String) a.get()[3]).collect(Collectors.toSet());

        assertThat(kinds).containsExactlyInAnyOrder(Refusal.class.getPermittedSubclasses());
        assertThat(outcomes)
                .containsExactlyInAnyOrderElementsOf(Stream.of(Refusal.Outcome.values())
                        .map(Refusal.Outcome::label)
                        .toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusalWhenAboutATokenThenAuditNamesItsOwnerAndIdOnly(Refusal refusal) {
        boolean aboutAlice = refusal.tokenId() != null && refusal.tokenId().equals(ALICE.tokenId());
        if (aboutAlice) {
            assertThat(refusal.login()).isEqualTo("alice");
        }
        if (refusal instanceof Refusal.Missing
                || refusal instanceof Refusal.RateLimited
                || refusal instanceof Refusal.Unavailable) {
            assertThat(refusal.tokenId()).isNull();
            assertThat(refusal.login()).isNull();
        }
    }

    @ParameterizedTest(name = "{0} s")
    @ValueSource(longs = {Long.MIN_VALUE, -1, 0, 1})
    void rateLimitedWhenWaitBelowOneSecondThenAskedToWaitOneSecond(long seconds) {
        assertThat(Refusal.rateLimited(seconds).retryAfterSeconds()).isEqualTo(1);
    }

    @ParameterizedTest(name = "realm {0}")
    @ValueSource(strings = {"patgate", "files.example", "x"})
    void challengesWhenAnotherRealmThenNamedInEveryChallenge(String realm) {
        for (Refusal refusal : refusals().map(a -> (Refusal) a.get()[0]).toList()) {
            for (String challenge : refusal.challenges(realm)) {
                assertThat(challenge).contains("realm=\"" + realm + "\"");
            }
        }
    }
}
