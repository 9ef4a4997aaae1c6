package dev.patgate.demo.dav;

import dev.patgate.demo.lock.IfHeader;
import dev.patgate.demo.lock.Lock;
import dev.patgate.demo.lock.LockSyntaxException;
import dev.patgate.demo.lock.LockTable;
import dev.patgate.demo.store.NodeInfo;
import dev.patgate.demo.store.NodePath;
import dev.patgate.demo.store.NodeStore;
import io.milton.http.http11.ETagGenerator;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The lock rules of RFC 4918 §7 for one request: the {@code If} header must hold (else 412), and
 * every lock that applies to what the request changes must have its token submitted, by the user who
 * took it (else 423). Which locks apply:
 * <ul>
 *   <li>changing a node's content or properties: the locks that {@linkplain #onNode cover the node};
 *   <li>adding or removing a member of a folder: the locks that cover the folder ({@link #onMembership});
 *   <li>removing a node with everything below it: those, plus every lock rooted below it ({@link #onTree}).
 * </ul>
 */
final class LockChecks {

    private final NodeStore store;
    private final LockTable locks;
    private final ETagGenerator etags;

    LockChecks(NodeStore store, LockTable locks, ETagGenerator etags) {
        this.store = store;
        this.locks = locks;
        this.etags = etags;
    }

    LockTable locks() {
        return locks;
    }

    /**
     * Evaluates the request's {@code If} header (all {@code If} fields, joined) against the request
     * URI {@code target} and any tagged resources.
     *
     * @param target the node the request URI names; null when it names none
     * @return the lock tokens the request submits; empty without an {@code If} header
     * @throws DavRefusal 400 when the header is malformed, 412 when it does not hold
     */
    Set<String> evaluateIf(HttpServletRequest request, DavLocator caller, NodePath target) throws DavRefusal {
        List<String> fields = Collections.list(request.getHeaders("If"));
        if (fields.isEmpty()) {
            return Set.of();
        }
        IfHeader header;
        try {
            header = IfHeader.parse(String.join(" ", fields));
        } catch (LockSyntaxException e) {
            throw DavRefusal.plain(400, e.getMessage());
        }
        if (!header.holds(tag -> stateOf(tag == null ? Optional.ofNullable(target) : caller.fromUrl(tag)))) {
            throw DavRefusal.plain(412, "the If header does not hold");
        }
        return header.submittedTokens();
    }

    private IfHeader.ResourceState stateOf(Optional<NodePath> path) {
        if (path.isEmpty()) {
            return new IfHeader.ResourceState(null, Set.of());
        }
        // milton's generator gives the tag with its quotes, as the ETag header and DAV:getetag carry it
        String etag = store.stat(path.get())
                .map(info -> etags.generateEtag(NodeResource.of(store, info)))
                .orElse(null);
        Set<String> tokens =
                locks.covering(path.get()).stream().map(Lock::token).collect(Collectors.toSet());
        return new IfHeader.ResourceState(etag, tokens);
    }

    /**
     * Refuses with 423 unless every lock in {@code needed} was submitted by its owner.
     *
     * @throws DavRefusal 423 with {@code DAV:lock-token-submitted} naming the roots of the locks missing
     */
    void requireSubmitted(Collection<Lock> needed, Set<String> submitted, DavLocator caller) throws DavRefusal {
        List<String> missing = needed.stream()
                .filter(lock ->
                        !(submitted.contains(lock.token()) && lock.principal().equals(caller.login())))
                .map(lock -> caller.href(lock.root()))
                .distinct()
                .toList();
        if (!missing.isEmpty()) {
            throw DavRefusal.precondition(423, "lock-token-submitted", missing);
        }
    }

    /** The locks that apply to {@code path} itself: changing its content or properties needs them. */
    Set<Lock> onNode(NodePath path) {
        return new LinkedHashSet<>(locks.covering(path));
    }

    /**
     * The locks that protect the membership of the folder {@code path} is created in or removed from:
     * those covering its nearest existing ancestor. Empty for a workspace root.
     */
    Set<Lock> onMembership(NodePath path) {
        Optional<NodePath> folder = path.parent();
        while (folder.isPresent()
                && store.stat(folder.get()).filter(NodeInfo::collection).isEmpty()) {
            folder = folder.get().parent();
        }
        return folder.map(this::onNode).orElseGet(LinkedHashSet::new);
    }

    /** The locks that removing {@code path} and everything below it needs: {@link #onNode} plus all rooted below. */
    Set<Lock> onTree(NodePath path) {
        Set<Lock> needed = onNode(path);
        needed.addAll(locks.rootedWithin(path));
        return needed;
    }
}
