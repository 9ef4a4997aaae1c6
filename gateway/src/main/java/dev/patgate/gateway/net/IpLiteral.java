package dev.patgate.gateway.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Strict IP address literals, never a name: reading one never asks DNS. IPv4 is four decimal
 * numbers from 0 to 255 without leading zeros (so that {@code 010} cannot mean eight); IPv6 is
 * hexadecimal groups and colons, optionally ending in a dotted IPv4, without a zone ({@code %eth0}).
 */
public final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiteral() {}

    /**
     * @return the address, or {@code null} when {@code text} is not an IPv4 or IPv6 literal
     */
    public static InetAddress parse(String text) {
        if (text == null) {
            return null;
        }
        if (IPV4.matcher(text).matches()) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        } else if (!text.contains(":") || !IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            // a literal only: the patterns above let no name through, so this never resolves
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
