package dev.patgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CredentialExtractorTest {

    /** A value that must never show up in any message. */
    private static final String SECRET = "s3cr3tV4lue";

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("bare Basic", List.of("Basic"), null),
                Arguments.of("bare Bearer", List.of("Bearer"), null),
                Arguments.of("bare bearer lower-case", List.of("bearer"), null),
                Arguments.of("Bearer and spaces only", List.of("Bearer    "), null),
                Arguments.of("Basic and spaces only", List.of("Basic   "), null),
                Arguments.of("empty header", List.of(""), null),
                Arguments.of("two headers", List.of("Bearer " + SECRET, "Bearer " + SECRET + "2"), null),
                Arguments.of(
                        "two headers of different schemes",
                        List.of("Bearer " + SECRET, "Basic " + b64("alice:" + SECRET)),
                        null),
                Arguments.of("two words after Bearer", List.of("Bearer " + SECRET + " " + SECRET), null),
                Arguments.of("two schemes in one header", List.of("Bearer " + SECRET + ",Basic " + b64("a:b")), null),
                Arguments.of(
                        "two schemes with comma and space",
                        List.of("Bearer " + SECRET + ", Basic " + b64("a:b")),
                        null),
                Arguments.of("tab after scheme", List.of("Bearer\t" + SECRET), null),
                Arguments.of("scheme glued to value", List.of("Bearer" + SECRET), null),
                Arguments.of("quote in bearer token", List.of("Bearer \"" + SECRET + "\""), null),
                Arguments.of("colon in bearer token", List.of("Bearer " + SECRET + ":x"), null),
                Arguments.of("padding first", List.of("Bearer =" + SECRET), null),
                Arguments.of("padding in the middle", List.of("Bearer " + SECRET + "=x"), null),
                Arguments.of("control character in bearer", List.of("Bearer " + SECRET + "\u0001"), null),
                Arguments.of("non-ASCII in bearer", List.of("Bearer " + SECRET + "é"), null),
                Arguments.of("bad base64", List.of("Basic " + SECRET + "!!"), null),
                Arguments.of("base64 with space inside", List.of("Basic " + b64("alice:" + SECRET) + " x"), null),
                Arguments.of("base64 url alphabet", List.of("Basic " + b64url("a?:" + SECRET + "~~~>")), null),
                Arguments.of("base64 without colon", List.of("Basic " + b64("alice" + SECRET)), null),
                Arguments.of("empty username", List.of("Basic " + b64(":" + SECRET)), null),
                Arguments.of(
                        "invalid UTF-8",
                        List.of("Basic "
                                + Base64.getEncoder()
                                        .encodeToString(concat(
                                                new byte[] {(byte) 0xC3, (byte) 0x28},
                                                (":" + SECRET).getBytes(StandardCharsets.UTF_8)))),
                        null),
                Arguments.of(
                        "lone UTF-8 continuation byte",
                        List.of("Basic "
                                + Base64.getEncoder()
                                        .encodeToString(concat(
                                                ("alice:" + SECRET).getBytes(StandardCharsets.UTF_8),
                                                new byte[] {(byte) 0x80}))),
                        null),
                Arguments.of("control character in username", List.of("Basic " + b64("al\u0001ice:" + SECRET)), null),
                Arguments.of("newline in password", List.of("Basic " + b64("alice:" + SECRET + "\n")), null),
                Arguments.of("NUL in password", List.of("Basic " + b64("alice:\0" + SECRET)), null),
                Arguments.of("DEL in password", List.of("Basic " + b64("alice:" + SECRET + "\u007f")), null),
                Arguments.of("Digest scheme", List.of("Digest username=\"alice\", response=\"" + SECRET + "\""), null),
                Arguments.of("Negotiate scheme", List.of("Negotiate " + SECRET), null),
                Arguments.of("scheme prefix of Bearer", List.of("Bear " + SECRET), null),
                Arguments.of("scheme extending Bearer", List.of("BearerX " + SECRET), null),
                Arguments.of("token in query, no header", List.of(), "access_token=" + SECRET),
                Arguments.of("token in query with a header", List.of("Bearer " + SECRET), "a=1&access_token=" + SECRET),
                Arguments.of("token in query upper-case", List.of(), "ACCESS_TOKEN=" + SECRET),
                Arguments.of("token in query, empty value", List.of(), "access_token="),
                Arguments.of("token in query, no value", List.of(), "x=1&access_token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void parseWhenMalformedThenInvalidRequestWithoutEchoingTheValue(String name, List<String> headers, String query) {
        Refusal e = catchThrowableOfType(Refusal.class, () -> CredentialExtractor.parse(headers, query));

        assertThat(e).as(name).isNotNull();
        assertThat(e).isInstanceOf(Refusal.BadRequest.class);
        assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("alice");
        assertThat(e.reason()).isNotBlank().doesNotContain(SECRET).doesNotContain("alice");
        for (String header : headers) {
            int space = header.indexOf(' ');
            String value = space < 0 ? "" : header.substring(space + 1).trim();
            if (!value.isEmpty()) {
                assertThat(e.getMessage()).doesNotContain(value);
            }
        }
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("Bearer", "Bearer " + SECRET, new Credentials.Bearer(SECRET)),
                Arguments.of("bearer lower-case", "bearer " + SECRET, new Credentials.Bearer(SECRET)),
                Arguments.of("BEARER upper-case", "BEARER " + SECRET, new Credentials.Bearer(SECRET)),
                Arguments.of("several spaces after scheme", "Bearer   " + SECRET, new Credentials.Bearer(SECRET)),
                Arguments.of("b64token punctuation", "Bearer a-b.c_d~e+f/g", new Credentials.Bearer("a-b.c_d~e+f/g")),
                Arguments.of("one = of padding", "Bearer " + SECRET + "=", new Credentials.Bearer(SECRET + "=")),
                Arguments.of("two = of padding", "Bearer " + SECRET + "==", new Credentials.Bearer(SECRET + "==")),
                Arguments.of("Basic", "Basic " + b64("alice:" + SECRET), new Credentials.Basic("alice", SECRET)),
                Arguments.of(
                        "BASIC upper-case", "BASIC " + b64("alice:" + SECRET), new Credentials.Basic("alice", SECRET)),
                Arguments.of(
                        "basic lower-case", "basic " + b64("alice:" + SECRET), new Credentials.Basic("alice", SECRET)),
                Arguments.of(
                        "colon in password",
                        "Basic " + b64("alice:pa:ss:" + SECRET),
                        new Credentials.Basic("alice", "pa:ss:" + SECRET)),
                Arguments.of("empty password", "Basic " + b64("alice:"), new Credentials.Basic("alice", "")),
                Arguments.of(
                        "UTF-8 username",
                        "Basic " + b64("Žofie Łukasz 日本:" + SECRET),
                        new Credentials.Basic("Žofie Łukasz 日本", SECRET)),
                Arguments.of(
                        "UTF-8 password", "Basic " + b64("alice:pässwörd"), new Credentials.Basic("alice", "pässwörd")),
                Arguments.of("base64 with padding", "Basic " + b64("alice:to"), new Credentials.Basic("alice", "to")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void parseWhenWellFormedThenCredentials(String name, String header, Credentials expected) throws Exception {
        Credentials credentials = CredentialExtractor.parse(List.of(header), null);

        assertThat(credentials).isEqualTo(expected);
        assertThat(credentials.toString()).isIn("Bearer[****]", "Basic[****]");
    }

    @Test
    void parseWhenPaddedBase64ExampleThenSplitsOnTheFirstColon() throws Exception {
        assertThat(b64("alice:to")).endsWith("=");

        assertThat(CredentialExtractor.parse(List.of("Basic YWxpY2U6YjpjOmQ="), null))
                .isEqualTo(new Credentials.Basic("alice", "b:c:d"));
    }

    static Stream<Arguments> none() {
        return Stream.of(
                Arguments.of("no header, no query", null),
                Arguments.of("no header, empty query", ""),
                Arguments.of("no header, other parameters", "a=1&b=2"),
                Arguments.of("parameter that only contains the name", "my_access_token=x&access_tokens=y"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("none")
    void parseWhenNoCredentialsThenNull(String name, String query) throws Exception {
        assertThat(CredentialExtractor.parse(List.of(), query)).isNull();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64url(String s) {
        return Base64.getUrlEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
