package dev.patgate.demo.dav;

import dev.patgate.demo.lock.Lock;
import dev.patgate.demo.lock.LockConflictException;
import dev.patgate.demo.lock.LockInfo;
import dev.patgate.demo.lock.LockSyntaxException;
import dev.patgate.demo.lock.LockTable;
import dev.patgate.demo.lock.Timeouts;
import dev.patgate.demo.store.NodeInfo;
import dev.patgate.demo.store.NodePath;
import dev.patgate.demo.store.NodeStore;
import dev.patgate.demo.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * LOCK and UNLOCK (RFC 4918 §9.10, §9.11), which milton's open edition does not handle.
 *
 * <ul>
 *   <li>LOCK with a {@code lockinfo} body takes a new exclusive or shared write lock, depth 0 or
 *       infinity (the default), for the timeout asked (see {@link Timeouts}). On an unmapped URL it
 *       creates an empty file first (201; the parent folder must exist, else 409). A conflicting
 *       lock gives 423 with {@code DAV:no-conflicting-lock}.
 *   <li>LOCK without a body refreshes the caller's lock whose token the {@code If} header submits;
 *       the lock must apply to the request URI.
 *   <li>UNLOCK removes the lock named by {@code Lock-Token} (204) if it applies to the request URI
 *       (else 409 with {@code DAV:lock-token-matches-request-uri}) and the caller took it (else 403).
 * </ul>
 */
final class LockMethods {

    /** The largest LOCK body read; a bigger one is refused with 413. */
    static final int MAX_BODY = 64 * 1024;

    private final NodeStore store;
    private final LockChecks checks;

    LockMethods(NodeStore store, LockChecks checks) {
        this.store = store;
        this.checks = checks;
    }

    void lock(HttpServletRequest request, HttpServletResponse response, DavLocator caller, String decodedPath)
            throws IOException {
        try {
            NodePath target = lockTarget(caller, decodedPath);
            Set<String> submitted = checks.evaluateIf(request, caller, target);
            Duration timeout = Timeouts.parse(request.getHeader("Timeout"));
            byte[] body = RequestBody.read(request, MAX_BODY, "LOCK");
            if (isBlank(body)) {
                refresh(
                        response,
                        caller,
                        target,
                        submitted,
                        timeout,
                        request.getHeaders("If").hasMoreElements());
            } else {
                create(response, caller, target, submitted, timeout, LockInfo.parse(body), depth(request));
            }
        } catch (LockSyntaxException e) {
            DavRefusal.plain(400, e.getMessage()).writeTo(request, response);
        } catch (DavRefusal refusal) {
            refusal.writeTo(request, response);
        }
    }

    void unlock(HttpServletRequest request, HttpServletResponse response, DavLocator caller, String decodedPath)
            throws IOException {
        try {
            String token = lockToken(request.getHeader("Lock-Token"));
            Optional<NodePath> target = caller.fromDecodedPath(decodedPath);
            Lock lock = checks.locks()
                    .find(token)
                    .filter(held -> target.isPresent() && held.covers(target.get()))
                    .orElseThrow(() -> DavRefusal.precondition(409, "lock-token-matches-request-uri", List.of()));
            if (!lock.principal().equals(caller.login())) {
                throw DavRefusal.plain(403, "the lock belongs to another user");
            }
            checks.locks().remove(token);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } catch (LockSyntaxException e) {
            DavRefusal.plain(400, e.getMessage()).writeTo(request, response);
        } catch (DavRefusal refusal) {
            refusal.writeTo(request, response);
        }
    }

    private static NodePath lockTarget(DavLocator caller, String decodedPath) throws DavRefusal {
        if (DavLocator.isTop(decodedPath)) {
            throw DavRefusal.plain(403, "only what is inside a workspace can be locked");
        }
        return caller.fromDecodedPath(decodedPath)
                .orElseThrow(() -> DavRefusal.plain(404, "no such workspace, or an invalid name"));
    }

    private void create(
            HttpServletResponse response,
            DavLocator caller,
            NodePath target,
            Set<String> submitted,
            Duration timeout,
            LockInfo info,
            Lock.Depth depth)
            throws DavRefusal, IOException {
        boolean exists = store.stat(target).isPresent();
        if (!exists) {
            boolean parentIsFolder = target.parent()
                    .flatMap(store::stat)
                    .map(NodeInfo::collection)
                    .orElse(false);
            if (!parentIsFolder) {
                throw DavRefusal.plain(409, "the parent folder does not exist");
            }
            checks.requireSubmitted(checks.onMembership(target), submitted, caller);
        }
        Lock lock;
        try {
            lock = checks.locks().lock(target, info.scope(), depth, info.owner(), caller.login(), timeout);
        } catch (LockConflictException e) {
            throw DavRefusal.precondition(
                    423,
                    "no-conflicting-lock",
                    e.conflicting().stream()
                            .map(held -> caller.href(held.root()))
                            .distinct()
                            .toList());
        }
        if (!exists) {
            try {
                store.createFile(target, false);
            } catch (StoreException e) {
                checks.locks().remove(lock.token());
                throw DavRefusal.plain(e.kind().status(), e.getMessage());
            }
        }
        response.setHeader("Lock-Token", "<" + lock.token() + ">");
        answer(response, exists ? HttpServletResponse.SC_OK : HttpServletResponse.SC_CREATED, lock, caller);
    }

    private void refresh(
            HttpServletResponse response,
            DavLocator caller,
            NodePath target,
            Set<String> submitted,
            Duration timeout,
            boolean hasIf)
            throws DavRefusal, IOException {
        if (!hasIf) {
            throw DavRefusal.plain(400, "a LOCK without a body refreshes a lock and needs its token in If");
        }
        List<Lock> named = submitted.stream()
                .map(token -> checks.locks().find(token))
                .flatMap(Optional::stream)
                .filter(lock -> lock.covers(target))
                .toList();
        if (named.isEmpty()) {
            throw DavRefusal.precondition(412, "lock-token-submitted", List.of());
        }
        if (named.stream().anyMatch(lock -> !lock.principal().equals(caller.login()))) {
            throw DavRefusal.plain(403, "the lock belongs to another user");
        }
        List<Lock> refreshed = named.stream()
                .map(lock -> checks.locks().refresh(lock.token(), timeout))
                .flatMap(Optional::stream)
                .toList();
        if (refreshed.isEmpty()) {
            throw DavRefusal.precondition(412, "lock-token-submitted", List.of());
        }
        answer(response, HttpServletResponse.SC_OK, refreshed.get(0), caller);
    }

    private void answer(HttpServletResponse response, int status, Lock lock, DavLocator caller) throws IOException {
        LockTable locks = checks.locks();
        byte[] body =
                LockXml.lockAnswer(lock, caller.href(lock.root()), locks.now()).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/xml;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** {@code Depth} of a new lock: {@code 0} or {@code infinity}, the default (RFC 4918 §9.10.3). */
    static Lock.Depth depth(HttpServletRequest request) throws LockSyntaxException {
        String depth = request.getHeader("Depth");
        if (depth == null || depth.strip().equalsIgnoreCase("infinity")) {
            return Lock.Depth.INFINITY;
        }
        if (depth.strip().equals("0")) {
            return Lock.Depth.ZERO;
        }
        throw new LockSyntaxException("Depth of a LOCK must be 0 or infinity");
    }

    /** The token in a {@code Lock-Token: <token>} header (RFC 4918 §10.5). */
    static String lockToken(String header) throws LockSyntaxException {
        String value = header == null ? "" : header.strip();
        if (value.length() < 3 || value.charAt(0) != '<' || value.charAt(value.length() - 1) != '>') {
            throw new LockSyntaxException("UNLOCK needs a Lock-Token header: <token>");
        }
        return value.substring(1, value.length() - 1);
    }

    private static boolean isBlank(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).isBlank();
    }
}
