package dev.patgate.gateway.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who the client is when a request comes through proxies the operator trusts. Pure rules on
 * addresses and header values; the server applies them (see the gateway's {@code ClientView}).
 *
 * <p>The hops a request passed are the addresses listed in the forwarding header, left to right,
 * followed by the connection's peer. Walking them from the right, every hop in a trusted network is a
 * proxy of the operator's and is skipped; the first one that is not is the client. Everything left of
 * it was written by the client and is not believed. When a hop cannot be read ({@code unknown}, an
 * obfuscated name, garbage), the walk stops and the client is the last hop that was read: the one that
 * reported it. The scheme and host are the nearest proxy's, the right-most value.
 */
public final class TrustedProxies {

    /** Who and what a request's proxies say the client used; {@code scheme} and {@code host} may be null. */
    public record Client(InetAddress address, String scheme, String host) {}

    /** No proxy is trusted. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private static final Pattern AUTHORITY =
            Pattern.compile("([A-Za-z0-9._~!$&'()*+,;=%-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

    private final List<Cidr> networks;

    public TrustedProxies(List<Cidr> networks) {
        this.networks = List.copyOf(networks);
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /** Whether {@code address} is in one of the trusted networks. */
    public boolean isTrusted(InetAddress address) {
        for (Cidr network : networks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client of a request that a trusted peer sent with {@code X-Forwarded-For},
     * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}.
     *
     * @param peer the connection's peer, trusted
     * @param forwardedFor every {@code X-Forwarded-For} value in order (comma lists), possibly none
     * @param proto every {@code X-Forwarded-Proto} value in order
     * @param host every {@code X-Forwarded-Host} value in order
     */
    public Client fromXForwarded(InetAddress peer, List<String> forwardedFor, List<String> proto, List<String> host) {
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String element : value.split(",", -1)) {
                hops.add(element.strip());
            }
        }
        return new Client(walk(peer, hops), scheme(last(proto)), authority(last(host)));
    }

    /**
     * The client of a request that a trusted peer sent with {@code Forwarded} (RFC 7239). A value
     * that cannot be parsed is not believed at all: the client is then the peer.
     *
     * @param values every {@code Forwarded} value in order
     */
    public Client fromForwarded(InetAddress peer, List<String> values) {
        List<List<String[]>> elements;
        try {
            elements = ForwardedValue.parse(values);
        } catch (IllegalArgumentException e) {
            return new Client(peer, null, null);
        }
        List<String> hops = new ArrayList<>();
        String proto = null;
        String host = null;
        for (List<String[]> element : elements) {
            String forNode = null;
            for (String[] pair : element) {
                switch (pair[0]) {
                    case "for" -> forNode = pair[1];
                    case "proto" -> proto = pair[1];
                    case "host" -> host = pair[1];
                    default -> {}
                }
            }
            hops.add(forNode == null ? "unknown" : forNode);
        }
        // proto and host: the right-most element that gave them, as the nearest proxy saw it
        return new Client(walk(peer, hops), scheme(proto), authority(host));
    }

    private InetAddress walk(InetAddress peer, List<String> hops) {
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0 && isTrusted(client); i--) {
            InetAddress hop = node(hops.get(i));
            if (hop == null) {
                break;
            }
            client = hop;
        }
        return client;
    }

    /** An address as a hop lists it: {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}, {@code 2001:db8::1}. */
    static InetAddress node(String text) {
        String address = text;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close < 0
                    || !(close == address.length() - 1
                            || address.substring(close + 1).matches(":[0-9]{1,5}"))) {
                return null;
            }
            address = address.substring(1, close);
            return address.contains(":") ? IpLiteral.parse(address) : null;
        }
        int colon = address.indexOf(':');
        if (colon >= 0 && address.indexOf(':', colon + 1) < 0) {
            if (!address.substring(colon).matches(":[0-9]{1,5}")) {
                return null;
            }
            address = address.substring(0, colon);
        }
        return IpLiteral.parse(address);
    }

    private static String last(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        String value = values.get(values.size() - 1);
        int comma = value.lastIndexOf(',');
        return (comma < 0 ? value : value.substring(comma + 1)).strip();
    }

    /** {@code http} or {@code https}, lower case; null for anything else. */
    static String scheme(String text) {
        if (text == null) {
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.equals("http") || lower.equals("https") ? lower : null;
    }

    /** A {@code host} or {@code host:port} authority, lower case; null for anything else. */
    static String authority(String text) {
        if (text == null || !AUTHORITY.matcher(text).matches()) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        if (colon > text.lastIndexOf(']') && Integer.parseInt(text.substring(colon + 1)) > 65535) {
            return null;
        }
        return text.toLowerCase(Locale.ROOT);
    }
}
