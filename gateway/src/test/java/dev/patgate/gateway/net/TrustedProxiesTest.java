package dev.patgate.gateway.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustedProxiesTest {

    /** The load balancers at 10.0.0.0/8 and 2001:db8:1::/48, and the one proxy 192.0.2.10. */
    private static final TrustedProxies PROXIES = new TrustedProxies(
            List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8:1::/48"), Cidr.parse("192.0.2.10")));

    private static final InetAddress PEER = IpLiteral.parse("10.0.0.5");

    @ParameterizedTest(name = "X-Forwarded-For: {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            203.0.113.7                          | 203.0.113.7
            ' 203.0.113.7 '                      | 203.0.113.7
            6.6.6.6, 203.0.113.7                 | 203.0.113.7
            6.6.6.6, 203.0.113.7, 10.1.1.1       | 203.0.113.7
            203.0.113.7, 192.0.2.10, 10.9.9.9    | 203.0.113.7
            10.1.1.1, 10.2.2.2                   | 10.1.1.1
            2001:db8:2::9                        | 2001:db8:2::9
            '6.6.6.6, 2001:db8:2::9, 2001:db8:1::5' | 2001:db8:2::9
            [2001:db8:2::9]:4711                 | 2001:db8:2::9
            203.0.113.7:4711                     | 203.0.113.7
            unknown                              | 10.0.0.5
            '6.6.6.6, unknown'                   | 10.0.0.5
            '6.6.6.6, garbage, 10.1.1.1'         | 10.1.1.1
            '6.6.6.6, ,10.1.1.1'                 | 10.1.1.1
            evil.example                         | 10.0.0.5
            010.1.1.1                            | 10.0.0.5
            '::ffff:203.0.113.7'                 | 203.0.113.7
            """)
    void fromXForwardedWhenChainThenRightMostUntrustedHop(String forwardedFor, String client) {
        TrustedProxies.Client found = PROXIES.fromXForwarded(PEER, List.of(forwardedFor), List.of(), List.of());

        assertThat(found.address()).isEqualTo(IpLiteral.parse(client));
    }

    @Test
    void fromXForwardedWhenHeaderRepeatedThenValuesJoinInOrder() {
        TrustedProxies.Client found =
                PROXIES.fromXForwarded(PEER, List.of("6.6.6.6, 198.51.100.1", "10.3.3.3"), List.of(), List.of());

        assertThat(found.address()).isEqualTo(IpLiteral.parse("198.51.100.1"));
    }

    @ParameterizedTest(name = "proto {0}, host {1} -> {2}, {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            https            | files.example.org        | https | files.example.org
            HTTPS            | Files.Example.org:8443   | https | files.example.org:8443
            'http, https'    | 'evil.example, files.example.org' | https | files.example.org
            https-evil       | 'files.example.org/x'    | -     | -
            -                | '[2001:db8::1]:443'      | -     | [2001:db8::1]:443
            ftp              | 'a b'                    | -     | -
            -                | 'files.example.org:99999' | -    | -
            """)
    void fromXForwardedWhenProtoAndHostThenNearestValidValue(
            String proto, String host, String scheme, String authority) {
        TrustedProxies.Client found = PROXIES.fromXForwarded(
                PEER,
                List.of("203.0.113.7"),
                proto == null ? List.of() : List.of(proto),
                host == null ? List.of() : List.of(host));

        assertThat(found.scheme()).isEqualTo(scheme);
        assertThat(found.host()).isEqualTo(authority);
    }

    @ParameterizedTest(name = "Forwarded: {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            for=203.0.113.7                                     | 203.0.113.7
            'for=6.6.6.6, for=203.0.113.7'                      | 203.0.113.7
            'for=203.0.113.7;proto=https, for=10.1.1.1'         | 203.0.113.7
            'for="[2001:db8:2::9]:4711"'                        | 2001:db8:2::9
            'For=203.0.113.7;BY=10.0.0.5'                       | 203.0.113.7
            'for=unknown'                                       | 10.0.0.5
            'for=_hidden, for=10.1.1.1'                         | 10.1.1.1
            'proto=https'                                       | 10.0.0.5
            'for="203.0.113.7'                                  | 10.0.0.5
            'for=203.0.113.7;;'                                 | 203.0.113.7
            'for 203.0.113.7'                                   | 10.0.0.5
            """)
    void fromForwardedWhenElementsThenRightMostUntrustedFor(String value, String client) {
        TrustedProxies.Client found = PROXIES.fromForwarded(PEER, List.of(value));

        assertThat(found.address()).isEqualTo(IpLiteral.parse(client));
    }

    @Test
    void fromForwardedWhenProtoAndHostThenNearestElementsValues() {
        TrustedProxies.Client found = PROXIES.fromForwarded(
                PEER,
                Arrays.asList(
                        "for=6.6.6.6;proto=http;host=evil.example",
                        "for=203.0.113.7;proto=https;host=\"files.example.org\""));

        assertThat(found.address()).isEqualTo(IpLiteral.parse("203.0.113.7"));
        assertThat(found.scheme()).isEqualTo("https");
        assertThat(found.host()).isEqualTo("files.example.org");
    }

    @Test
    void isTrustedWhenNoNetworksThenNobody() {
        assertThat(TrustedProxies.NONE.isTrusted(PEER)).isFalse();
        assertThat(TrustedProxies.NONE.isEmpty()).isTrue();
    }
}
