package dev.patgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PersonalTokenTest {

    private static final Pattern FORMAT = Pattern.compile("patg_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}");
    private static final String ID = "abcDEF012xyz";
    private static final String SECRET = "S3cretS3cretS3cretS3cretS3cret99";
    private static final String VALID = new PersonalToken(ID, SECRET).value();
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Test
    void generateWhenCalledRepeatedlyThenEveryTokenMatchesTheFormatAndRoundTrips() throws Exception {
        SecureRandom random = new SecureRandom();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            PersonalToken token = PersonalToken.generate(random);
            String text = token.value();

            assertThat(text).matches(FORMAT).hasSize(PersonalToken.LENGTH);
            assertThat(PersonalToken.parse(text)).isEqualTo(token);
            assertThat(PersonalToken.looksLikeToken(text)).isTrue();
            ids.add(token.id());
        }
        assertThat(ids).hasSize(500);
    }

    @Test
    void valueWhenComputedThenChecksumIsFixedWidthBase62OfCrc32OfEverythingBefore() {
        String body = VALID.substring(0, PersonalToken.LENGTH - PersonalToken.CHECKSUM_LENGTH);
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            expected.insert(0, BASE62.charAt((int) (value % 62)));
            value /= 62;
        }

        assertThat(VALID).isEqualTo("patg_" + ID + "_" + SECRET + expected);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("prefix only", "patg_"),
                Arguments.of("one character too long", VALID + "a"),
                Arguments.of("one character too short", VALID.substring(1)),
                Arguments.of("last character missing", VALID.substring(0, VALID.length() - 1)),
                Arguments.of("wrong prefix", "patx_" + VALID.substring(5)),
                Arguments.of("upper-case prefix", "PATG_" + VALID.substring(5)),
                Arguments.of("other vendor's prefix", "ghp__" + VALID.substring(5)),
                Arguments.of("dash as separator", replace(VALID, 17, '-')),
                Arguments.of("base62 char as separator", replace(VALID, 17, 'a')),
                Arguments.of("dash in id", replace(VALID, 8, '-')),
                Arguments.of("underscore in id", replace(VALID, 5, '_')),
                Arguments.of("non-ASCII letter in id", replace(VALID, 10, 'é')),
                Arguments.of("space in secret", replace(VALID, 20, ' ')),
                Arguments.of("plus in secret", replace(VALID, 40, '+')),
                Arguments.of("NUL in secret", replace(VALID, 30, '\0')),
                Arguments.of("bang in checksum", replace(VALID, VALID.length() - 1, '!')),
                Arguments.of("equals in checksum", replace(VALID, VALID.length() - 6, '=')),
                Arguments.of(
                        "checksum of another token",
                        VALID.substring(0, 50)
                                + new PersonalToken(ID, SECRET.replace('9', '8'))
                                        .value()
                                        .substring(50)),
                Arguments.of("whitespace around", " " + VALID.substring(1, VALID.length() - 1) + " "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void parseWhenMalformedThenRefusedWithoutQuotingTheInput(String name, String text) {
        MalformedTokenException e =
                catchThrowableOfType(MalformedTokenException.class, () -> PersonalToken.parse(text));

        assertThat(e).as(name).isNotNull();
        assertThat(e.getMessage())
                .isNotBlank()
                .doesNotContain(ID)
                .doesNotContain(SECRET)
                .doesNotContain(SECRET.substring(0, 8));
        if (text != null && !text.isEmpty() && text.length() > 5) {
            assertThat(e.getMessage()).doesNotContain(text).doesNotContain(text.substring(5));
        }
    }

    static Stream<Arguments> oneCharacterChanged() {
        // every position of id, secret and checksum, each replaced by a neighbour in the alphabet
        return IntStream.range(5, PersonalToken.LENGTH)
                .filter(i -> i != 17)
                .boxed()
                .flatMap(i -> Stream.of(+1, -1, 31).map(shift -> {
                    char original = VALID.charAt(i);
                    char other = BASE62.charAt(Math.floorMod(BASE62.indexOf(original) + shift, 62));
                    return Arguments.of(i, other);
                }));
    }

    @ParameterizedTest(name = "position {0} -> {1}")
    @MethodSource("oneCharacterChanged")
    void parseWhenOneCharacterChangedThenChecksumMismatch(int position, char replacement) {
        String flipped = replace(VALID, position, replacement);

        assertThat(flipped).matches(FORMAT);
        assertThatThrownBy(() -> PersonalToken.parse(flipped))
                .isInstanceOf(MalformedTokenException.class)
                .hasMessage("token checksum does not match");
    }

    @Test
    void toStringWhenAnyTokenThenShowsIdButNeverTheSecret() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            PersonalToken token = PersonalToken.generate(random);

            assertThat(token.toString())
                    .contains(token.id())
                    .doesNotContain(token.secret())
                    .doesNotContain(token.value())
                    .doesNotContain(token.value().substring(18));
        }
    }

    static Stream<Arguments> badParts() {
        return Stream.of(
                Arguments.of("short id", "abc", SECRET),
                Arguments.of("long id", ID + "a", SECRET),
                Arguments.of("id with dash", "abcDEF012xy-", SECRET),
                Arguments.of("short secret", ID, SECRET.substring(1)),
                Arguments.of("secret with underscore", ID, SECRET.substring(1) + "_"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParts")
    void constructorWhenPartInvalidThenRefusedNamingTheField(String name, String id, String secret) {
        assertThatThrownBy(() -> new PersonalToken(id, secret))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .matches("(id|secret) must be \\d+ base62 characters")
                .doesNotContain(SECRET);
    }

    @Test
    void looksLikeTokenWhenPasswordThenFalse() {
        assertThat(PersonalToken.looksLikeToken("hunter2")).isFalse();
        assertThat(PersonalToken.looksLikeToken(null)).isFalse();
        assertThat(PersonalToken.looksLikeToken("x" + VALID.substring(1))).isFalse();
    }

    private static String replace(String s, int index, char c) {
        return s.substring(0, index) + c + s.substring(index + 1);
    }
}
