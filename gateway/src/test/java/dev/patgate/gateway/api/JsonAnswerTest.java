package dev.patgate.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.store.TokenRecord;
import dev.patgate.token.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The exact JSON text of the API's answers: field names, order, types and nulls (docs/token-api.md). */
class JsonAnswerTest {

    private static final Instant CREATED = Instant.parse("2026-11-28T05:20:00Z");
    private static final byte[] DIGEST = new byte[32];

    static Stream<Arguments> answers() {
        TokenRecord sliding = new TokenRecord(
                "h3YqBc0mRk2T",
                "alice",
                "laptop",
                CREATED,
                "alice",
                CREATED.plus(Duration.ofDays(1)),
                Duration.ofMinutes(10),
                null,
                null,
                List.of(),
                null,
                DIGEST);
        TokenRecord used = new TokenRecord(
                "Zz9aBc0mRk2T",
                "bob",
                "",
                CREATED,
                "admin",
                CREATED.plusSeconds(60),
                null,
                CREATED.plusSeconds(5),
                "10.0.0.7",
                List.of(Scope.parse("node:6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab:rw")),
                CREATED.plusSeconds(30),
                DIGEST);
        Instant now = CREATED.plusSeconds(1);
        String slidingText = "{\"id\":\"h3YqBc0mRk2T\",\"user\":\"alice\",\"label\":\"laptop\","
                + "\"created_at\":\"2026-11-28T05:20:00Z\",\"created_by\":\"alice\","
                + "\"expiry_kind\":\"sliding_capped\","
                + "\"expires_at\":\"2026-11-29T05:20:00Z\",\"refresh_window\":\"10m\","
                + "\"valid_until\":\"2026-11-28T05:30:00Z\",\"last_used_at\":null,\"last_used_ip\":null,"
                + "\"scopes\":[],\"revoked_at\":null,\"state\":\"active\"";
        return Stream.of(
                Arguments.of("sliding token", TokenView.of(sliding, now), slidingText + "}"),
                Arguments.of(
                        "expired token",
                        TokenView.of(sliding, CREATED.plus(Duration.ofHours(1))),
                        slidingText.replace("\"active\"", "\"expired\"") + "}"),
                Arguments.of(
                        "revoked scoped token",
                        TokenView.of(used, now),
                        "{\"id\":\"Zz9aBc0mRk2T\",\"user\":\"bob\",\"label\":null,"
                                + "\"created_at\":\"2026-11-28T05:20:00Z\",\"created_by\":\"admin\","
                                + "\"expiry_kind\":\"hard\","
                                + "\"expires_at\":\"2026-11-28T05:21:00Z\",\"refresh_window\":null,"
                                + "\"valid_until\":\"2026-11-28T05:21:00Z\",\"last_used_at\":\"2026-11-28T05:20:05Z\","
                                + "\"last_used_ip\":\"10.0.0.7\","
                                + "\"scopes\":[\"node:6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab:rw\"],"
                                + "\"revoked_at\":\"2026-11-28T05:20:30Z\",\"state\":\"revoked\"}"),
                Arguments.of(
                        "created",
                        new TokenView.Created(TokenView.of(sliding, now), "patg_secret"),
                        slidingText + ",\"token\":\"patg_secret\"}"),
                Arguments.of(
                        "listing",
                        new TokenView.Listing(List.of(TokenView.of(sliding, now)), "1764307200000.h3YqBc0mRk2T"),
                        "{\"tokens\":[" + slidingText + "}],\"next_cursor\":\"1764307200000.h3YqBc0mRk2T\"}"),
                Arguments.of(
                        "empty listing",
                        new TokenView.Listing(List.of(), null),
                        "{\"tokens\":[],\"next_cursor\":null}"),
                Arguments.of(
                        "refusal",
                        new ApiError.Body("not_found", "no such token"),
                        "{\"error\":\"not_found\",\"message\":\"no such token\"}"),
                Arguments.of(
                        "refusal with quotes",
                        new ApiError.Body("invalid_request", "label: \"a\"\u0007"),
                        "{\"error\":\"invalid_request\",\"message\":\"label: \\\"a\\\"\\u0007\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void writeWhenAnswerSerialisedThenExactFieldsOrderAndNulls(String name, Object answer, String expected)
            throws Exception {
        assertThat(new String(JsonAnswer.bytes(answer), StandardCharsets.UTF_8)).isEqualTo(expected);
    }
}
