package dev.patgate.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.patgate.store.TokenRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Paging of token listings, and the one time format. */
class TokenPageTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    static TokenRecord record(int n, Instant created, Instant revoked) {
        return new TokenRecord(
                String.format("tok%09d", n),
                "alice",
                "",
                created,
                "alice",
                created.plus(Duration.ofHours(1)),
                null,
                null,
                null,
                List.of(),
                revoked,
                new byte[32]);
    }

    /** 7 tokens; two pairs share their creation time, so the id orders them. */
    static List<TokenRecord> records() {
        List<TokenRecord> list = new ArrayList<>();
        list.add(record(1, T0, null));
        list.add(record(2, T0.plusSeconds(1), null));
        list.add(record(3, T0.plusSeconds(1), T0.plusSeconds(2)));
        list.add(record(4, T0.plusSeconds(2), null));
        list.add(record(5, T0.plusSeconds(3), null));
        list.add(record(6, T0.plusSeconds(3), null));
        list.add(record(7, T0.plusSeconds(4), T0.plusSeconds(5)));
        return list;
    }

    static List<String> ids(TokenView.Listing listing) {
        return listing.tokens().stream().map(TokenView::id).toList();
    }

    @Test
    void pagesWhenFollowedByCursorThenEveryTokenOnceNewestFirstAndLastCursorNull() throws Exception {
        Instant now = T0.plusSeconds(10);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            TokenView.Listing page = TokenPage.of(records(), now, "3", cursor, null);
            assertThat(page.tokens()).hasSizeLessThanOrEqualTo(3);
            seen.addAll(ids(page));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen)
                .containsExactly(
                        "tok000000007",
                        "tok000000005",
                        "tok000000006",
                        "tok000000004",
                        "tok000000002",
                        "tok000000003",
                        "tok000000001");
    }

    @Test
    void pageWhenExactlyFullThenNoCursor() throws Exception {
        TokenView.Listing page = TokenPage.of(records(), T0, "7", null, null);

        assertThat(page.tokens()).hasSize(7);
        assertThat(page.nextCursor()).isNull();
        assertThat(TokenPage.of(records(), T0, "6", null, null).nextCursor())
                .isEqualTo(T0.plusSeconds(1).toEpochMilli() + ".tok000000003");
    }

    @Test
    void pageWhenTokenBeforeCursorRemovedThenTheRestUnchanged() throws Exception {
        String cursor = TokenPage.of(records(), T0, "2", null, null).nextCursor();
        List<TokenRecord> fewer = new ArrayList<>(records());
        fewer.remove(6);

        assertThat(ids(TokenPage.of(fewer, T0, "2", cursor, null))).containsExactly("tok000000006", "tok000000004");
    }

    @Test
    void pageWhenStateGivenThenOnlyThatState() throws Exception {
        Instant now = T0.plusSeconds(10);

        assertThat(ids(TokenPage.of(records(), now, null, null, "revoked")))
                .containsExactly("tok000000007", "tok000000003");
        assertThat(ids(TokenPage.of(records(), T0.plus(Duration.ofHours(2)), null, null, "expired")))
                .hasSize(5);
        assertThat(TokenPage.of(records(), now, null, null, "active").tokens()).hasSize(5);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0    |          |       | limit: a whole number from 1 to 1000",
                "1001 |          |       | limit: a whole number from 1 to 1000",
                "x    |          |       | limit: a whole number from 1 to 1000",
                "     | abc      |       | cursor: give the next_cursor of the previous page",
                "     | 1.short  |       | cursor: give the next_cursor of the previous page",
                "     |          | gone  | state: one of active, expired, revoked"
            })
    void pageWhenParameterBadThen400NamingIt(String limit, String cursor, String state, String message) {
        ApiError error = catchThrowableOfType(ApiError.class, () -> TokenPage.of(records(), T0, limit, cursor, state));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.getMessage()).startsWith(message);
    }

    @Test
    void timeWhenSubSecondThenWholeSecondsRoundedDownInOneFormat() {
        assertThat(TokenView.time(Instant.parse("2026-12-07T17:00:00.999Z"))).isEqualTo("2026-12-07T17:00:00Z");
        assertThat(TokenView.time(Instant.parse("2026-12-07T17:00:00Z"))).isEqualTo("2026-12-07T17:00:00Z");
        assertThat(TokenView.time(null)).isNull();
    }
}
