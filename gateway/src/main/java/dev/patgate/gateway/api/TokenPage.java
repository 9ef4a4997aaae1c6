package dev.patgate.gateway.api;

import dev.patgate.store.TokenRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One page of a token listing (docs/token-api.md, "Paging"): records newest first (creation time,
 * then id), at most {@code limit}, after the cursor, optionally of one state. The cursor names the
 * last record of the previous page by its creation time and id, so a page stays right when tokens are
 * created, revoked or pruned in between; clients treat it as opaque.
 */
final class TokenPage {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Pattern CURSOR = Pattern.compile("([0-9]{1,19})\\.([0-9A-Za-z]{12})");
    private static final Comparator<TokenRecord> NEWEST_FIRST =
            Comparator.comparing(TokenRecord::createdAt).reversed().thenComparing(TokenRecord::id);

    private TokenPage() {}

    /**
     * @param limitText {@code limit}: 1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}
     * @param cursor {@code cursor} from the previous page's {@code next_cursor}, or {@code null}
     * @param state {@code active}, {@code expired}, {@code revoked}, or {@code null} for all
     * @throws ApiError 400 naming the parameter
     */
    static TokenView.Listing of(List<TokenRecord> records, Instant now, String limitText, String cursor, String state)
            throws ApiError {
        int limit = limit(limitText);
        if (state != null && !List.of("active", "expired", "revoked").contains(state)) {
            throw ApiError.badRequest("state: one of active, expired, revoked");
        }
        long afterMillis = Long.MAX_VALUE;
        String afterId = "";
        if (cursor != null) {
            Matcher m = CURSOR.matcher(cursor);
            if (!m.matches()) {
                throw ApiError.badRequest("cursor: give the next_cursor of the previous page, as it was");
            }
            afterMillis = Long.parseLong(m.group(1));
            afterId = m.group(2);
        }
        List<TokenRecord> sorted = new ArrayList<>(records);
        sorted.sort(NEWEST_FIRST);
        List<TokenView> page = new ArrayList<>();
        TokenRecord last = null;
        boolean more = false;
        for (TokenRecord record : sorted) {
            long created = record.createdAt().toEpochMilli();
            boolean after = created < afterMillis
                    || (created == afterMillis && record.id().compareTo(afterId) > 0);
            if (!after || (state != null && !state.equals(TokenView.state(record, now)))) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(TokenView.of(record, now));
            last = record;
        }
        String next = more ? last.createdAt().toEpochMilli() + "." + last.id() : null;
        return new TokenView.Listing(page, next);
    }

    private static int limit(String text) throws ApiError {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        if (!text.matches("[0-9]{1,4}")) {
            throw ApiError.badRequest("limit: a whole number from 1 to " + MAX_LIMIT);
        }
        int limit = Integer.parseInt(text);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiError.badRequest("limit: a whole number from 1 to " + MAX_LIMIT);
        }
        return limit;
    }
}
