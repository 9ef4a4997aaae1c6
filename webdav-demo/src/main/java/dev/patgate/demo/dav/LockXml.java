package dev.patgate.demo.dav;

import dev.patgate.demo.lock.Lock;
import dev.patgate.demo.lock.Timeouts;
import dev.patgate.demo.xml.Xml;
import java.time.Instant;
import java.util.Locale;

/** The XML of locks (RFC 4918 §14): {@code DAV:activelock} and {@code DAV:supportedlock} content, and the LOCK answer. */
final class LockXml {

    private LockXml() {}

    /**
     * One {@code <activelock>}, its elements prefixed with {@code dav} (bound to {@code DAV:} by the caller).
     *
     * @param rootHref the URL of the lock root
     */
    static String activeLock(String dav, Lock lock, String rootHref, Instant now) {
        StringBuilder xml = new StringBuilder();
        open(xml, dav, "activelock");
        open(xml, dav, "locktype");
        empty(xml, dav, "write");
        close(xml, dav, "locktype");
        open(xml, dav, "lockscope");
        empty(xml, dav, lock.scope().name().toLowerCase(Locale.ROOT));
        close(xml, dav, "lockscope");
        text(xml, dav, "depth", lock.depth().header());
        if (!lock.owner().isEmpty()) {
            open(xml, dav, "owner");
            xml.append(lock.owner());
            close(xml, dav, "owner");
        }
        text(xml, dav, "timeout", Timeouts.format(lock.remaining(now)));
        open(xml, dav, "locktoken");
        text(xml, dav, "href", lock.token());
        close(xml, dav, "locktoken");
        open(xml, dav, "lockroot");
        text(xml, dav, "href", rootHref);
        close(xml, dav, "lockroot");
        close(xml, dav, "activelock");
        return xml.toString();
    }

    /** The content of {@code DAV:supportedlock}: exclusive and shared write locks. */
    static String supportedLock(String dav) {
        StringBuilder xml = new StringBuilder();
        for (String scope : new String[] {"exclusive", "shared"}) {
            open(xml, dav, "lockentry");
            open(xml, dav, "lockscope");
            empty(xml, dav, scope);
            close(xml, dav, "lockscope");
            open(xml, dav, "locktype");
            empty(xml, dav, "write");
            close(xml, dav, "locktype");
            close(xml, dav, "lockentry");
        }
        return xml.toString();
    }

    /** The body of a successful LOCK (RFC 4918 §9.10.1): the lock in a {@code DAV:lockdiscovery} property. */
    static String lockAnswer(Lock lock, String rootHref, Instant now) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:prop xmlns:D=\"DAV:\"><D:lockdiscovery>"
                + activeLock("D", lock, rootHref, now) + "</D:lockdiscovery></D:prop>\n";
    }

    private static void open(StringBuilder xml, String dav, String name) {
        xml.append('<').append(dav).append(':').append(name).append('>');
    }

    private static void close(StringBuilder xml, String dav, String name) {
        xml.append("</").append(dav).append(':').append(name).append('>');
    }

    private static void empty(StringBuilder xml, String dav, String name) {
        xml.append('<').append(dav).append(':').append(name).append("/>");
    }

    private static void text(StringBuilder xml, String dav, String name, String text) {
        open(xml, dav, name);
        xml.append(Xml.escape(text));
        close(xml, dav, name);
    }
}
