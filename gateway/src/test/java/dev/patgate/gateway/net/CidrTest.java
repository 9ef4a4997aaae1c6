package dev.patgate.gateway.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8         | 10.255.1.2        | true
            10.0.0.0/8         | 11.0.0.0          | false
            10.0.0.0/8         | 9.255.255.255     | false
            192.168.4.0/22     | 192.168.7.255     | true
            192.168.4.0/22     | 192.168.8.0       | false
            127.0.0.1          | 127.0.0.1         | true
            127.0.0.1          | 127.0.0.2         | false
            127.0.0.1/32       | 127.0.0.2         | false
            0.0.0.0/0          | 203.0.113.9       | true
            0.0.0.0/0          | ::1               | false
            2001:db8::/32      | 2001:db8:ffff::1  | true
            2001:db8::/32      | 2001:db9::1       | false
            2001:db8::/33      | 2001:db8:8000::1  | false
            ::1                | ::1               | true
            ::1                | 127.0.0.1         | false
            ::/0               | 10.0.0.1          | false
            10.0.0.0/8         | ::ffff:10.1.2.3   | true
            """)
    void containsWhenAddressThenByPrefixBits(String network, String address, boolean inside) {
        assertThat(Cidr.parse(network).contains(IpLiteral.parse(address))).isEqualTo(inside);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "10.0.0.0/",
                "10.0.0.0/33",
                "10.0.0.0/-1",
                "10.0.0.0/08",
                "10.0.0.0/8/8",
                "10.0.0.1/8",
                "010.0.0.0/8",
                "10.0.0/8",
                "10.0.0.0.0/8",
                "256.0.0.0/8",
                "1e.0.0.0/8",
                " 10.0.0.0/8",
                "10.0.0.0/8 ",
                "localhost",
                "example.org/24",
                "2001:db8::/129",
                "2001:db8::1/32",
                "2001:db8:::/32",
                "fe80::1%eth0",
                "[::1]",
                "::ffff:10.0.0.0/104",
                "0x0a.0.0.0/8"
            })
    void parseWhenNotAStrictNetworkThenRefused(String text) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(Cidr.RULE);
    }
}
