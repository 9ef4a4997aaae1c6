package dev.patgate.gateway.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network: an address and a prefix length ({@code 10.0.0.0/8}, {@code 2001:db8::/32}).
 * A bare address is a network of that one address ({@code /32} or {@code /128}).
 *
 * @param network the network's address bytes (4 or 16), with no bit set past the prefix
 * @param prefix how many leading bits are the network's
 */
public record Cidr(byte[] network, int prefix) {

    /** What {@link #parse} accepts, as messages say it. */
    public static final String RULE =
            "must be an IPv4 or IPv6 network like 10.0.0.0/8 or 2001:db8::/32, or a single address";

    public Cidr {
        network = network.clone();
        if ((network.length != 4 && network.length != 16) || prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("a network is 4 or 16 bytes and a prefix within them");
        }
    }

    /**
     * Reads a network strictly: the address by {@link IpLiteral}, the prefix a decimal number up to 32
     * (IPv4) or 128 (IPv6) without leading zeros, and no bit of the address set past the prefix
     * ({@code 10.0.0.1/8} is refused: it is a typo for a host or for {@code 10.0.0.0/8}). An
     * IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.0/104}) is refused: write it as IPv4.
     *
     * @throws IllegalArgumentException saying what is wrong, without repeating the text
     */
    public static Cidr parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(RULE);
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress parsed = IpLiteral.parse(address);
        if (parsed == null || (address.contains(":") && parsed instanceof Inet4Address)) {
            throw new IllegalArgumentException(RULE);
        }
        byte[] bytes = parsed.getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = text.substring(slash + 1);
            if (!length.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException(RULE + " (the prefix is at most " + bits + ")");
            }
            prefix = Integer.parseInt(length);
        }
        for (int bit = prefix; bit < bits; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new IllegalArgumentException(
                        RULE + " (the address has bits set past the /" + prefix + " prefix)");
            }
        }
        return new Cidr(bytes, prefix);
    }

    /** Whether {@code address} is in this network; an IPv4 address is never in an IPv6 network, nor the reverse. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[whole] & mask) == (network[whole] & mask);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr that && prefix == that.prefix && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
