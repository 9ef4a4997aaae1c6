package dev.patgate.gateway.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patgate.gateway.TestHome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtpasswdImportTest {

    private static final String HASH = TestHome.hash("pw");

    @Test
    void parseWhenBcryptLinesThenLoginsAndHashes() {
        Map<String, String> parsed =
                HtpasswdImport.parse(List.of("# comment", "", "carol:" + HASH, " dave:" + HASH + " "));

        assertThat(parsed).containsExactly(Map.entry("carol", HASH), Map.entry("dave", HASH));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            carol:$apr1$Qk3cvCmb$8N4qWJx1mJ6Q8bQ2zZzZz/  | line 2: only bcrypt hashes ($2a$, $2b$, $2y$) can be imported; create them with htpasswd -B
            carol:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=       | line 2: only bcrypt hashes
            carol:plaintext                               | line 2: only bcrypt hashes
            carol:rqXexS6ZhobKA                           | line 2: only bcrypt hashes
            no colon here                                 | line 2: expected login:hash
            'bad login:HASH'                              | line 2: a login must be
            ok:HASH                                       | line 2: login ok appears twice
            """)
    void parseWhenLineIsRefusedThenMessageGivesLineNumberOnly(String line, String expected) {
        String text = line.replace("HASH", HASH);

        assertThatThrownBy(() -> HtpasswdImport.parse(List.of("ok:" + HASH, text)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(expected)
                .message()
                .doesNotContain("plaintext")
                .doesNotContain("W6ph5");
    }

    @Test
    void parseWhenNoLinesThenRefused() {
        assertThatThrownBy(() -> HtpasswdImport.parse(List.of("# only a comment")))
                .hasMessage("no login:hash lines found");
    }

    @Test
    void mergeWhenLoginExistsThenHashReplacedAndAdminKept() {
        String newHash = TestHome.hash("new");
        UserDirectory current = UserDirectory.of(List.of(new User("admin", HASH, true), new User("bob", HASH, false)));

        HtpasswdImport.Result result = HtpasswdImport.merge(current, Map.of("admin", newHash, "carol", newHash));

        assertThat(result.added()).isEqualTo(1);
        assertThat(result.updated()).isEqualTo(1);
        assertThat(result.users())
                .containsExactlyInAnyOrder(
                        new User("admin", newHash, true),
                        new User("bob", HASH, false),
                        new User("carol", newHash, false));
    }
}
