package dev.patgate.store;

import java.time.Instant;

/**
 * One recorded use of a token, as written to the store by the coalescing flusher.
 *
 * @param tokenId the token's public id
 * @param at when it was used
 * @param clientIp the client's address
 */
public record TokenUse(String tokenId, Instant at, String clientIp) {}
