package dev.patgate.gateway.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the trusted-proxy parsers (docs/fuzzing.md): {@link Cidr#parse} on IPv4 text agrees
 * with an independent oracle, and the client found in any forwarding chain is the peer or an address
 * the chain names, with only trusted hops to its right.
 */
class TrustedProxiesFuzzTest {

    private static final Pattern IPV4_CIDR = Pattern.compile("([0-9]+)\\.([0-9]+)\\.([0-9]+)\\.([0-9]+)(/([0-9]+))?");

    private static final TrustedProxies PROXIES = new TrustedProxies(
            List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8:1::/48"), Cidr.parse("192.0.2.10")));

    private static final InetAddress PEER = IpLiteral.parse("10.0.0.5");

    @Provide
    Arbitrary<String> ipv4Texts() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 300).map(String::valueOf),
                Arbitraries.of("0", "00", "01", "010", "255", "256", "999", "1e1", " ", "", "+1", "-1", "٣"));
        Arbitrary<String> prefix = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.integers().between(0, 40).map(n -> "/" + n),
                Arbitraries.of("/", "/08", "/8/8", "/ 8", "/x"));
        return piece.list()
                .ofSize(4)
                .map(parts -> String.join(".", parts))
                .flatMap(address -> prefix.map(p -> address + p));
    }

    @Property
    void cidrWhenIpv4TextThenAcceptedExactlyWhenTheOracleAccepts(@ForAll("ipv4Texts") String text) {
        boolean expected = oracleAccepts(text);
        Statistics.label("accepted").collect(expected);
        Statistics.label("accepted").coverage(coverage -> coverage.check(true).percentage(p -> p > 2));
        if (expected) {
            assertThat(Cidr.parse(text).contains(IpLiteral.parse(text.split("/")[0])))
                    .isTrue();
        } else {
            assertThatThrownBy(() -> Cidr.parse(text))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(Cidr.RULE);
        }
    }

    /** Four decimal numbers 0–255 without leading zeros, an optional prefix 0–32 without leading zeros, no host bits. */
    private static boolean oracleAccepts(String text) {
        Matcher m = IPV4_CIDR.matcher(text);
        if (!m.matches()) {
            return false;
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            String part = m.group(i);
            if ((part.length() > 1 && part.startsWith("0")) || part.length() > 3 || Integer.parseInt(part) > 255) {
                return false;
            }
            address = address << 8 | Integer.parseInt(part);
        }
        int prefix = 32;
        if (m.group(6) != null) {
            String length = m.group(6);
            if ((length.length() > 1 && length.startsWith("0"))
                    || length.length() > 2
                    || Integer.parseInt(length) > 32) {
                return false;
            }
            prefix = Integer.parseInt(length);
        }
        long hostMask = prefix == 32 ? 0 : (1L << (32 - prefix)) - 1;
        return (address & hostMask) == 0;
    }

    @Provide
    Arbitrary<List<String>> chains() {
        Arbitrary<String> hop = Arbitraries.of(
                "10.1.1.1",
                "10.2.2.2",
                "192.0.2.10",
                "192.0.2.11",
                "203.0.113.7",
                "6.6.6.6",
                "2001:db8:1::5",
                "[2001:db8:2::9]:4711",
                "203.0.113.7:80",
                "unknown",
                "_hidden",
                "",
                " 10.3.3.3 ",
                "evil.example",
                "010.1.1.1",
                "::ffff:10.9.9.9",
                "[10.1.1.1]",
                "1.2.3.4:99999",
                "\"6.6.6.6\"");
        return hop.list().ofMaxSize(6);
    }

    @Property
    void clientWhenAnyXForwardedForChainThenTheRightMostUntrustedReadableHop(@ForAll("chains") List<String> hops) {
        TrustedProxies.Client client =
                PROXIES.fromXForwarded(PEER, List.of(String.join(",", hops)), List.of(), List.of());

        List<InetAddress> read = new ArrayList<>();
        for (String hop : hops) {
            read.add(TrustedProxies.node(hop.strip()));
        }
        // the oracle, stated the other way round: skip the trusted, readable hops from the right;
        // where that stops is the client, or the hop right of it when it cannot be read
        int k = read.size() - 1;
        while (k >= 0 && read.get(k) != null && PROXIES.isTrusted(read.get(k))) {
            k--;
        }
        InetAddress expected;
        if (k < 0) {
            expected = read.isEmpty() ? PEER : read.get(0);
        } else if (read.get(k) == null) {
            expected = k == read.size() - 1 ? PEER : read.get(k + 1);
        } else {
            expected = read.get(k);
        }
        Statistics.label("client is untrusted").collect(!PROXIES.isTrusted(client.address()));
        assertThat(client.address()).isEqualTo(expected);
    }

    @Property
    void clientWhenAnyForwardedTextThenNeverThrowsAndIsThePeerOrAnAddress(
            @ForAll("chains") List<String> hops, @ForAll("noise") String noise) {
        String value = String.join(", ", hops.stream().map(h -> "for=" + h).toList()) + noise;

        TrustedProxies.Client client = PROXIES.fromForwarded(PEER, List.of(value));

        assertThat(client.address()).isNotNull();
        assertThat(client.scheme()).isIn(null, "http", "https");
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.oneOf(
                Arbitraries.of("", ";proto=https", ";host=\"a b\"", "\"", ";", ",", "=", ";for", "\\"),
                Arbitraries.strings().ofMaxLength(12));
    }
}
