package dev.patgate.gateway.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.scope.BackendUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackendLockResolverTest {

    private static final String LOCK = """
            <D:activelock><D:locktype><D:write/></D:locktype><D:lockscope><D:exclusive/></D:lockscope>
            <D:depth>infinity</D:depth><D:timeout>Second-600</D:timeout>
            <D:locktoken><D:href>%s</D:href></D:locktoken><D:lockroot><D:href>%s</D:href></D:lockroot>
            </D:activelock>""";

    private static byte[] multistatus(String locks) {
        return ("""
                <?xml version="1.0" encoding="utf-8"?>
                <D:multistatus xmlns:D="DAV:"><D:response><D:href>/dav/x/</D:href><D:propstat><D:prop>
                <D:lockdiscovery>%s</D:lockdiscovery></D:prop><D:status>HTTP/1.1 200 OK</D:status>
                </D:propstat></D:response></D:multistatus>""".formatted(locks)).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parseWhenLocksListedThenEachTokenMapsToItsRoot() {
        byte[] answer = multistatus(LOCK.formatted("opaquelocktoken:a", "/dav/personal-files/")
                + LOCK.formatted(" opaquelocktoken:b ", "http://backend:8081/dav/personal-files/x/"));

        assertThat(BackendLockResolver.parse(answer))
                .isEqualTo(Map.of(
                        "opaquelocktoken:a", "/dav/personal-files/",
                        "opaquelocktoken:b", "http://backend:8081/dav/personal-files/x/"));
    }

    @Test
    void parseWhenAnotherPrefixOrDefaultNamespaceThenSameLocks() {
        String answer = "<multistatus xmlns='DAV:'><response><propstat><prop><lockdiscovery><activelock>"
                + "<locktoken><href>urn:uuid:1</href></locktoken><lockroot><href>/dav/a</href></lockroot>"
                + "</activelock></lockdiscovery></prop></propstat></response></multistatus>";

        assertThat(BackendLockResolver.parse(answer.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Map.of("urn:uuid:1", "/dav/a"));
    }

    @Test
    void parseWhenNoLockThenEmpty() {
        assertThat(BackendLockResolver.parse(multistatus(""))).isEmpty();
    }

    @Test
    void parseWhenTheElementsAreInAnotherNamespaceThenNotLocks() {
        String answer = "<m xmlns:X='urn:other'><X:activelock><X:locktoken><X:href>urn:uuid:1</X:href></X:locktoken>"
                + "<X:lockroot><X:href>/dav/</X:href></X:lockroot></X:activelock></m>";

        assertThat(BackendLockResolver.parse(answer.getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "not xml",
                "<D:multistatus xmlns:D='DAV:'>",
                "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><D:multistatus xmlns:D='DAV:'>&e;</D:multistatus>",
                "<!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;'>]><x>&b;</x>",
                "<D:activelock xmlns:D='DAV:'><D:locktoken><D:href>urn:x</D:href></D:locktoken></D:activelock>",
                "<D:activelock xmlns:D='DAV:'><D:lockroot><D:href>/dav/</D:href></D:lockroot></D:activelock>",
                "<D:activelock xmlns:D='DAV:'><D:locktoken/><D:lockroot><D:href>/dav/</D:href></D:lockroot></D:activelock>",
                "<D:activelock xmlns:D='DAV:'><D:locktoken><D:href>a</D:href><D:href>b</D:href></D:locktoken>"
                        + "<D:lockroot><D:href>/dav/</D:href></D:lockroot></D:activelock>"
            })
    void parseWhenMalformedDoctypeOrIncompleteThenBackendUnavailable(String answer) {
        assertThatThrownBy(() -> BackendLockResolver.parse(answer.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BackendUnavailableException.class);
    }
}
