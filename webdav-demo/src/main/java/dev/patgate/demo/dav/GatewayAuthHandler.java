package dev.patgate.demo.dav;

import io.milton.http.AuthenticationHandler;
import io.milton.http.Request;
import io.milton.resource.Resource;
import java.util.List;

/**
 * Hands milton the login that the identity filter verified, so that milton treats every request as
 * authenticated (refusals become 403, never a 401 challenge). It reads no credentials of its own.
 */
final class GatewayAuthHandler implements AuthenticationHandler {

    @Override
    public boolean supports(Resource resource, Request request) {
        return CallerContext.current().isPresent();
    }

    @Override
    public Object authenticate(Resource resource, Request request) {
        return CallerContext.current().map(DavLocator::login).orElse(null);
    }

    @Override
    public void appendChallenges(Resource resource, Request request, List<String> challenges) {
        // the gateway authenticates clients; this server never challenges
    }

    @Override
    public boolean isCompatible(Resource resource, Request request) {
        return false;
    }

    @Override
    public boolean credentialsPresent(Request request) {
        return CallerContext.current().isPresent();
    }
}
