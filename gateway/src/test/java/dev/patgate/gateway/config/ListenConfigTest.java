package dev.patgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code listen} keys of issue 11: public URL, trusted proxies, TLS files and the redirect listener. */
class ListenConfigTest {

    private static final Path HOME = Path.of("/srv/patgate");

    @Test
    void loadWhenEveryListenKeySetThenEveryValueRead() {
        String yaml = """
                listen:
                  port: 8443
                  public_url: HTTPS://Files.Example.org/
                  trusted_proxies: [10.0.0.0/8, 192.0.2.7, "2001:db8::/32", "::1"]
                  forwarded_header: forwarded
                  redirect_port: 8080
                  tls: {cert: tls/fullchain.pem, key: /etc/tls/privkey.pem, http2: true, reload_interval: 10s}
                """;

        ListenConfig listen =
                ConfigLoader.fromText(yaml, "test", HOME, Map.of()).listen();

        assertThat(listen.publicUrl()).isEqualTo("https://files.example.org");
        assertThat(listen.publicUri()).isEqualTo(URI.create("https://files.example.org"));
        assertThat(listen.advertisedUri()).isEqualTo(URI.create("https://files.example.org"));
        assertThat(listen.trustedNetworks())
                .extracting(Object::toString)
                .containsExactly("10.0.0.0/8", "192.0.2.7/32", "2001:db8:0:0:0:0:0:0/32", "0:0:0:0:0:0:0:1/128");
        assertThat(listen.forwardedHeader()).isEqualTo(ForwardedHeader.FORWARDED);
        assertThat(listen.redirectPort()).isEqualTo(8080);
        assertThat(listen.tls())
                .isEqualTo(new TlsConfig(
                        "/srv/patgate/tls/fullchain.pem",
                        "/etc/tls/privkey.pem",
                        null,
                        null,
                        null,
                        true,
                        Duration.ofSeconds(10)));
    }

    @Test
    void loadWhenNoListenKeyThenPlainHttpWithoutProxiesOrPublicUrl() {
        ListenConfig listen = GatewayConfig.defaults(HOME).listen();

        assertThat(listen.publicUrl()).isNull();
        assertThat(listen.trustedProxies()).isEmpty();
        assertThat(listen.forwardedHeader()).isEqualTo(ForwardedHeader.X_FORWARDED);
        assertThat(listen.redirectPort()).isNull();
        assertThat(listen.tls()).isNull();
        assertThat(listen.advertisedUri()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    }

    @Test
    void loadWhenPkcs12WithPasswordVariableThenItIsCheckedAndResolved() {
        String yaml = "listen: {tls: {pkcs12: server.p12, password_env: P12_PW}}";

        ListenConfig listen =
                ConfigLoader.fromText(yaml, "test", HOME, Map.of("P12_PW", "x")).listen();

        assertThat(listen.tls().pkcs12()).isEqualTo("/srv/patgate/server.p12");
        assertThat(listen.tls().offersHttp2()).isFalse();
        assertThat(listen.tls().reloadInterval()).isEqualTo(TlsConfig.DEFAULT_RELOAD_INTERVAL);
        assertThat(listen.advertisedUri()).isEqualTo(URI.create("https://127.0.0.1:8080"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            listen: {trusted_proxies: [10.0.0.0/33]}         | listen.trusted_proxies[0] must be an IPv4 or IPv6 network
            listen: {trusted_proxies: [10.0.0.1/8]}          | listen.trusted_proxies[0] must be an IPv4 or IPv6 network like 10.0.0.0/8 or 2001:db8::/32, or a single address (the address has bits set past the /8 prefix)
            'listen: {trusted_proxies: [10.0.0.0/8, proxy.example.org]}' | listen.trusted_proxies[1] must be an IPv4 or IPv6 network
            listen: {trusted_proxies: [010.0.0.0/8]}         | listen.trusted_proxies[0] must be an IPv4 or IPv6 network
            listen: {trusted_proxies: [10.0.0/8]}            | listen.trusted_proxies[0] must be an IPv4 or IPv6 network
            listen: {trusted_proxies: [256.0.0.0/8]}         | listen.trusted_proxies[0] must be an IPv4 or IPv6 network
            listen: {trusted_proxies: [10.0.0.0/08]}         | listen.trusted_proxies[0] must be an IPv4 or IPv6 network
            listen: {trusted_proxies: [10.0.0.0/]}           | listen.trusted_proxies[0] must be an IPv4 or IPv6 network
            listen: {trusted_proxies: ['2001:db8::/129']}    | listen.trusted_proxies[0] must be an IPv4 or IPv6 network
            listen: {trusted_proxies: ['fe80::1%eth0']}      | listen.trusted_proxies[0] must be an IPv4 or IPv6 network
            listen: {trusted_proxies: ['::ffff:10.0.0.0/104']} | listen.trusted_proxies[0] must be an IPv4 or IPv6 network
            listen: {trusted_proxies: ['']}                  | listen.trusted_proxies[0] must be an IPv4 or IPv6 network
            listen: {trusted_proxies: 10.0.0.0/8}            | listen.trusted_proxies must be a list
            listen: {forwarded_header: x-real-ip}            | listen.forwarded_header must be x-forwarded or forwarded
            listen: {public_url: files.example.org}          | listen.public_url must be an http or https URL with a host and no path
            listen: {public_url: 'ftp://files.example.org'}  | listen.public_url must be an http or https URL
            listen: {public_url: 'https://files.example.org/dav/'} | listen.public_url must be an http or https URL with a host and no path
            listen: {public_url: 'https://u:p@files.example.org'}  | listen.public_url must be an http or https URL
            listen: {public_url: 'https://files.example.org/?a'}   | listen.public_url must be an http or https URL
            listen: {redirect_port: 80}                      | listen.redirect_port needs listen.tls: it redirects to HTTPS
            'listen: {port: 8443, redirect_port: 8443, tls: {cert: c, key: k}}' | listen.redirect_port must differ from listen.port
            'listen: {redirect_port: 70000, tls: {cert: c, key: k}}' | listen.redirect_port must be a whole number from 0 to 65535
            listen: {tls: {cert: c}}                         | listen.tls needs both cert and key (PEM files)
            listen: {tls: {}}                                | listen.tls needs cert and key (PEM files) or pkcs12
            'listen: {tls: {cert: c, key: k, pkcs12: p}}'    | listen.tls takes cert and key (PEM) or pkcs12, not both
            'listen: {tls: {cert: c, key: k, password_file: f}}' | listen.tls.password_env and password_file are for pkcs12
            'listen: {tls: {pkcs12: p, password_env: A, password_file: f}}' | listen.tls.password_env and listen.tls.password_file exclude each other
            'listen: {tls: {pkcs12: p, password_env: NOT_SET}}' | listen.tls.password_env names NOT_SET, which is not set in the environment
            'listen: {tls: {pkcs12: p, password_env: "a b"}}' | listen.tls.password_env must be an environment variable's name
            'listen: {tls: {cert: c, key: k, http2: yes please}}' | listen.tls.http2 must be true or false
            'listen: {tls: {cert: c, key: k, reload_interval: 0}}' | listen.tls.reload_interval: zero is not a duration
            'listen: {tls: {cert: c, key: k, chain: x}}'     | unknown key 'listen.tls.chain'
            """)
    void loadWhenListenKeyIsBadThenOneLineMessageNamesIt(String yaml, String expected) {
        assertThatThrownBy(() -> ConfigLoader.fromText(yaml, "gateway.yaml", HOME, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gateway.yaml: " + expected)
                .message()
                .doesNotContain("\n");
    }

    @Test
    void withTrustedProxiesWhenBadCidrThenRefusedNamingTheField() {
        assertThatThrownBy(() -> ListenConfig.DEFAULT.withTrustedProxies(List.of("127.0.0.1/8"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("listen.trusted_proxies[0] ");
    }
}
