package dev.patgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.testsupport.IdentityJws;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyHeadersTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Forwarded",
                "forwarded",
                "Via",
                "X-Forwarded-For",
                "x-forwarded-host",
                "X-FORWARDED-PROTO",
                "X-Forwarded",
                "X-Forwarded-Anything",
                "X-Original-URL",
                "x-original-host",
                "X-Real-IP",
                "True-Client-IP",
                "CF-Connecting-IP",
                "X-Host",
                "X-Url-Scheme",
                "Front-End-Https",
                "X-Rewrite-URL"
            })
    void isNetworkClaimWhenAClientSpeaksForTheNetworkThenTrue(String name) {
        assertThat(ProxyHeaders.isNetworkClaim(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Host",
                "Authorization",
                IdentityJws.HEADER,
                "Destination",
                "X-Forward",
                "Forwarded-X",
                "X-Realm",
                "Content-Type",
                "Original-URL"
            })
    void isNetworkClaimWhenAnOrdinaryHeaderThenFalse(String name) {
        assertThat(ProxyHeaders.isNetworkClaim(name)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "close                                | close",
                "close, X-A                           | close x-a",
                "' X-A ,\tx-b\t,,'                    | x-a x-b",
                "Host, Authorization, X-A             | x-a",
                "DESTINATION, depth, Overwrite, IF, Lock-Token, Timeout | ''",
                "Content-Length, Content-Type, x-patgate-identity, X-Forwarded-For | ''",
                "keep-alive, TE, Upgrade               | keep-alive te upgrade",
                "''                                    | ''"
            })
    void namedByConnectionWhenValuesListHeadersThenOnlyTheDroppableOnes(String value, String expected) {
        Set<String> want = expected.isEmpty() ? Set.of() : Set.of(expected.split(" "));

        assertThat(ProxyHeaders.namedByConnection(List.of(value))).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "127.0.0.1   | example.org     | https | for=\"127.0.0.1\";host=\"example.org\";proto=https",
                "::1         | [::1]:8080      | http  | for=\"[::1]\";host=\"[::1]:8080\";proto=http",
                "2001:db8::7 | a.example:8443  | https | for=\"[2001:db8::7]\";host=\"a.example:8443\";proto=https"
            })
    void forwardedWhenOriginGivenThenRfc7239Value(String address, String host, String scheme, String expected) {
        assertThat(ProxyHeaders.forwarded(new ClientOrigin.Origin(address, scheme, host)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            emptyValue = "",
            value = {
                "a=1&b=2                          | ?a=1&b=2",
                "''                               | ?",
                "pydio_jwt=x                      | ''",
                "pydio_jwt=x&a=1                  | ?a=1",
                "a=1&pydio_jwt=x&b=2              | ?a=1&b=2",
                "a=1&PYDIO_JWT=x                  | ?a=1",
                "a=1&%70ydio_jwt=x                | ?a=1",
                "a=1&pydio%5Fjwt=x                | ?a=1",
                "a=1&pydio_jwt                    | ?a=1",
                "a=1&pydio_jwt=x&pydio_jwt=y      | ?a=1",
                "pydio_jwtx=1&a=%41               | ?pydio_jwtx=1&a=%41",
                "a=pydio_jwt                      | ?a=pydio_jwt",
                "a=%zz&pydio_jwt=1                | ?a=%zz"
            })
    void withoutSmuggledCredentialsWhenQueryThenEveryPydioJwtDropped(String rawQuery, String expected) {
        assertThat(ProxyHeaders.withoutSmuggledCredentials(rawQuery)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Pydio-Bearer", "x-pydio-user", "X-PYDIO-USER"})
    void smuggledCredentialsWhenAnySpellingThenListedByName(String name) {
        assertThat(ProxyHeaders.SMUGGLED_CREDENTIALS).anyMatch(listed -> listed.equalsIgnoreCase(name));
    }
}
