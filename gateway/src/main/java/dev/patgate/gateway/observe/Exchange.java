package dev.patgate.gateway.observe;

/**
 * One finished request as the access log and the metrics see it. Holds no secret: no header, no
 * query string, no body.
 *
 * @param epochMillis when the request began
 * @param client the client's address
 * @param user the token's user; {@code null} when no token was accepted
 * @param tokenId the accepted token's public id; {@code null} when none was accepted
 * @param method the request method
 * @param path the request's raw path, without the query
 * @param status the status answered
 * @param bytesIn request body bytes read
 * @param bytesOut response body bytes written
 * @param durationNanos from the request's first byte until the answer was complete
 * @param upstreamNanos what the backend took (see {@code GatewayServer.UPSTREAM_NANOS}); -1 when the
 *        request never reached the backend
 */
public record Exchange(
        long epochMillis,
        String client,
        String user,
        String tokenId,
        String method,
        String path,
        int status,
        long bytesIn,
        long bytesOut,
        long durationNanos,
        long upstreamNanos) {}
