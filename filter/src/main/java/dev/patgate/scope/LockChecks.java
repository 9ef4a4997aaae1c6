package dev.patgate.scope;

import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.auth.Refusal;
import dev.patgate.token.Access;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The lock part of the scope check (DESIGN, "acting on a lock needs write on the lock's
 * root"): finds where each lock a request names is rooted, through a {@link LockResolver}, and
 * holds that root, and every resource the {@code If} header tags, to the token's scopes.
 */
final class LockChecks {

    private final LockResolver locks;
    private final RequestTargets targets;
    private final ScopeMatcher scopes;

    LockChecks(LockResolver locks, RequestTargets targets, ScopeMatcher scopes) {
        this.locks = locks;
        this.targets = targets;
        this.scopes = scopes;
    }

    /**
     * Holds the locks a scoped WebDAV request names to the scopes: the {@code Lock-Token} of an UNLOCK, and every lock token in the {@code If}
     * header (a LOCK refresh, or a write submitting its token). Each lock is looked up, as the user,
     * among the locks that apply to the resource its list is about (the request target for an
     * untagged list, the tagged resource otherwise; that resource's parent when the resource itself
     * does not show it, for a member being created); its root must be inside a write scope. A lock
     * that cannot be found is refused when the request acts on it (the {@code Lock-Token} of an
     * UNLOCK, the {@code If} of a LOCK refresh): a scoped token acts on no lock the gateway cannot
     * place. A token that another method merely submits in its {@code If} header and that the
     * backend shows for none of those resources is a stale or made-up token: it is left to the
     * backend, which answers it as it would for any token (412 or 423), since such a request changes
     * only its own targets, which the scope check holds anyway. Every tagged resource must itself be
     * inside one of the token's scopes.
     */
    void authorize(HttpServletRequest request, AuthenticatedToken token, String rawPath, String prefix) throws Refusal {
        List<String[]> named = new ArrayList<>();
        String lockToken = single(request, "Lock-Token", token);
        if (lockToken != null) {
            try {
                named.add(new String[] {rawPath, LockHeaders.parseLockToken(lockToken)});
            } catch (IllegalArgumentException e) {
                throw Refusal.invalidRequest("Lock-Token refused: " + e.getMessage(), token);
            }
        }
        boolean actsOnLocks = lockToken != null || "LOCK".equals(request.getMethod());
        String ifHeader = single(request, "If", token);
        if (ifHeader != null) {
            LockHeaders.If parsed;
            try {
                parsed = LockHeaders.parseIf(ifHeader);
            } catch (IllegalArgumentException e) {
                throw Refusal.invalidRequest("If refused: " + e.getMessage(), token);
            }
            for (LockHeaders.ConditionList list : parsed.lists()) {
                String resource =
                        list.resourceTag() == null ? rawPath : taggedResource(request, list.resourceTag(), token);
                for (String lock : list.lockTokens()) {
                    named.add(new String[] {resource, lock});
                }
            }
        }
        for (String[] resourceAndLock : named) {
            TargetPath root = lockRoot(resourceAndLock[0], resourceAndLock[1], prefix, token);
            if (root == null && actsOnLocks) {
                throw Refusal.insufficientScope("lock not found where the request names it", token, "write");
            }
            if (root != null) {
                scopes.require(root, Access.WRITE, token);
            }
        }
    }

    /** The one value of a header, or null; a repeated one is refused (the backend might read either). */
    private static String single(HttpServletRequest request, String name, AuthenticatedToken token) throws Refusal {
        List<String> values = Collections.list(request.getHeaders(name));
        if (values.size() > 1) {
            throw Refusal.invalidRequest("more than one " + name + " header", token);
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * The raw path of a tagged list's resource, which must be inside a scope: an absolute URL is
     * held to the Destination rules (it must name this gateway), a path to the request path rules.
     */
    private String taggedResource(HttpServletRequest request, String tag, AuthenticatedToken token) throws Refusal {
        String rawTagPath;
        TargetPath nodePath;
        if (tag.startsWith("/")) {
            int query = tag.indexOf('?');
            rawTagPath = query < 0 ? tag : tag.substring(0, query);
            String prefix = targets.webdavPrefix(rawTagPath);
            nodePath = prefix == null ? null : RequestTargets.nodePath(rawTagPath, prefix, token);
        } else {
            Destination url;
            try {
                url = Destination.parse(tag, request.getScheme(), RequestTargets.hostOf(request));
            } catch (IllegalArgumentException e) {
                throw Refusal.invalidRequest("If resource tag refused: " + e.getMessage(), token);
            }
            rawTagPath = url.rawPath();
            nodePath = targets.belowPrefix(url);
        }
        if (nodePath == null) {
            throw Refusal.insufficientScope("If resource tag outside WebDAV", token, "read");
        }
        scopes.requireInside(nodePath, token);
        return rawTagPath;
    }

    /** The root of the lock as the backend shows it for the resource (or its parent); null when it shows none. */
    private TargetPath lockRoot(String rawResource, String lockToken, String prefix, AuthenticatedToken token)
            throws Refusal {
        String root = locks.activeLocks(rawResource, token).get(lockToken);
        if (root == null) {
            String parent = parentOf(rawResource, prefix);
            root = parent == null ? null : locks.activeLocks(parent, token).get(lockToken);
        }
        if (root == null) {
            return null;
        }
        String rootPath;
        try {
            rootPath = root.startsWith("/") ? root : java.net.URI.create(root).getRawPath();
        } catch (IllegalArgumentException e) {
            throw new BackendUnavailableException("backend's lock root is not a URL");
        }
        String rootPrefix = rootPath == null ? null : targets.webdavPrefix(rootPath);
        if (rootPrefix == null) {
            throw Refusal.insufficientScope("lock root outside WebDAV", token, "write");
        }
        return RequestTargets.nodePath(rootPath, rootPrefix, token);
    }

    /** The raw path of the collection holding {@code rawPath}, or null at the prefix itself. */
    private static String parentOf(String rawPath, String prefix) {
        String path = rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        int slash = path.lastIndexOf('/');
        if (path.length() < prefix.length() || slash < prefix.length() - 1) {
            return null;
        }
        return path.substring(0, slash + 1);
    }
}
