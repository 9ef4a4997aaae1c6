package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patgate.gateway.config.ForwardedHeader;
import dev.patgate.gateway.config.ListenConfig;
import dev.patgate.gateway.config.ScopesConfig;
import dev.patgate.testsupport.TestClock;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authority a WebDAV {@code Destination} must name: the public URL when {@code listen.public_url}
 * is set, else what a trusted proxy says the client asked for, else the request's own. A scoped token
 * is needed for the Destination to be checked at all.
 */
class PublicUrlIT {

    private static final String PROJ = "/dav/personal-files/proj/";

    @Test
    void copyWhenPublicUrlSetThenDestinationMustNameIt(@TempDir Path home) throws Exception {
        ListenConfig listen = ListenConfig.DEFAULT.withPort(0).withPublicUrl("https://files.example.org");
        try (ScopeFixture fx =
                ScopeFixture.startListening(home, TestClock.atDefaultStart(), ScopesConfig.DEFAULT, listen)) {
            String token = fx.issue("alice", fx.scope("personal-files/proj", "rw"));

            fx.call("COPY", PROJ + "a.txt")
                    .token(token)
                    .header("Destination", "https://files.example.org" + PROJ + "public-copy.txt")
                    .expect("201");
            fx.call("COPY", PROJ + "a.txt")
                    .token(token)
                    .header("Destination", "https://FILES.example.org:443" + PROJ + "public-copy2.txt")
                    .expect("201");
            fx.call("COPY", PROJ + "a.txt")
                    .token(token)
                    .destination(PROJ + "own-origin.txt")
                    .expect("400");
            fx.call("COPY", PROJ + "a.txt")
                    .token(token)
                    .header("Destination", "http://files.example.org" + PROJ + "wrong-scheme.txt")
                    .expect("400");

            assertThat(fx.gateway.publicUri()).isEqualTo(URI.create("https://files.example.org"));
        }
    }

    @Test
    void copyWhenTrustedProxyForwardsHostAndProtoThenDestinationMustNameThem(@TempDir Path home) throws Exception {
        ListenConfig listen =
                ListenConfig.DEFAULT.withPort(0).withTrustedProxies(List.of("127.0.0.1"), ForwardedHeader.X_FORWARDED);
        try (ScopeFixture fx =
                ScopeFixture.startListening(home, TestClock.atDefaultStart(), ScopesConfig.DEFAULT, listen)) {
            String token = fx.issue("alice", fx.scope("personal-files/proj", "rw"));

            fx.call("COPY", PROJ + "a.txt")
                    .token(token)
                    .header("X-Forwarded-For", "203.0.113.7")
                    .header("X-Forwarded-Proto", "https")
                    .header("X-Forwarded-Host", "files.example.org")
                    .header("Destination", "https://files.example.org" + PROJ + "proxied-copy.txt")
                    .expect("201");
            fx.call("COPY", PROJ + "a.txt")
                    .token(token)
                    .header("X-Forwarded-Proto", "https")
                    .header("X-Forwarded-Host", "files.example.org")
                    .destination(PROJ + "internal-origin.txt")
                    .expect("400");
            // without forwarding headers, the request's own origin stays the authority
            fx.call("COPY", PROJ + "a.txt")
                    .token(token)
                    .destination(PROJ + "direct-copy.txt")
                    .expect("201");
        }
    }
}
