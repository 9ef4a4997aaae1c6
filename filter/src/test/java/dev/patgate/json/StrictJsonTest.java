package dev.patgate.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrictJsonTest {

    private static final String SECRET = "patg_AAAAAAAAAAAA_SECRETSECRETSECRETSECRETSECRET";

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("object", "{\"a\": 1}"),
                Arguments.of("surrounding whitespace", " \t\r\n{\"a\": [1, 2]}\n "),
                Arguments.of("nested, distinct keys", "{\"a\": {\"b\": 1}, \"b\": {\"a\": 2}}"),
                Arguments.of("same key in sibling objects", "[{\"a\": 1}, {\"a\": 2}]"),
                Arguments.of("keys differing in case", "{\"a\": 1, \"A\": 2}"),
                Arguments.of("array", "[]"),
                Arguments.of("string", "\"x\""),
                Arguments.of("number", "-0.5e-3"),
                Arguments.of("true", "true"),
                Arguments.of("null", "null"),
                Arguments.of("escaped surrogate pair", "\"\\ud83d\\ude00\""),
                Arguments.of("raw non-ASCII", "\"caf\u00e9 \ud83d\ude00\""),
                Arguments.of("escaped NUL (refused later by the path rules)", "\"a\\u0000\""),
                Arguments.of("100-digit number", "1" + "0".repeat(99)),
                Arguments.of("huge exponent, kept exact", "1e999999999"),
                Arguments.of("32 levels", "[".repeat(32) + "]".repeat(32)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void readWhenStrictJsonThenValue(String name, String document) throws Exception {
        JsonNode value = StrictJson.read(document.getBytes(StandardCharsets.UTF_8));

        assertThat(value.isMissingNode()).isFalse();
    }

    @Test
    void readWhenHugeExponentThenExactNotInfinite() throws Exception {
        JsonNode value = StrictJson.read("1e999999999".getBytes(StandardCharsets.UTF_8));

        assertThat(value.isBigDecimal()).isTrue();
        assertThat(value.decimalValue().scale()).isEqualTo(-999999999);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("trailing value", "{\"a\": 1} 2", "more than one JSON value"),
                Arguments.of("two objects", "{\"a\": 1}{\"a\": 2}", "more than one JSON value"),
                Arguments.of("two objects, newline", "{\"a\": 1}\n{\"a\": 2}", "more than one JSON value"),
                Arguments.of("trailing array", "{}[]", "more than one JSON value"),
                Arguments.of("trailing string", "{} \"x\"", "more than one JSON value"),
                Arguments.of("trailing garbage", "{\"a\": 1}x", "not valid JSON"),
                Arguments.of("trailing comma", "{\"a\": 1},", "not valid JSON"),
                Arguments.of("trailing brace", "{\"a\": 1}}", "not valid JSON"),
                Arguments.of("trailing NUL", "{\"a\": 1}\u0000", "not valid JSON"),
                Arguments.of("trailing form feed", "{}\f", "not valid JSON"),
                Arguments.of("trailing non-breaking space", "{}\u00a0", "not valid JSON"),
                Arguments.of("duplicate key", "{\"a\": 1, \"a\": 2}", "a key appears twice"),
                Arguments.of("duplicate key, same value", "{\"a\": 1, \"a\": 1}", "a key appears twice"),
                Arguments.of("duplicate key, nested", "{\"x\": {\"a\": 1, \"a\": 2}}", "a key appears twice"),
                Arguments.of("duplicate key, in array", "[{\"a\": 1, \"b\": 0, \"a\": 2}]", "a key appears twice"),
                Arguments.of("duplicate key, escaped spelling", "{\"a\": 1, \"\\u0061\": 2}", "a key appears twice"),
                Arguments.of("NaN", "{\"a\": NaN}", "not valid JSON"),
                Arguments.of("Infinity", "{\"a\": Infinity}", "not valid JSON"),
                Arguments.of("-Infinity", "[-Infinity]", "not valid JSON"),
                Arguments.of("leading zero", "{\"a\": 01}", "not valid JSON"),
                Arguments.of("leading plus", "[+1]", "not valid JSON"),
                Arguments.of("leading decimal point", "[.5]", "not valid JSON"),
                Arguments.of("trailing decimal point", "[5.]", "not valid JSON"),
                Arguments.of("line comment", "{\"a\": 1} // x", "not valid JSON"),
                Arguments.of("block comment", "{/* x */\"a\": 1}", "not valid JSON"),
                Arguments.of("hash comment", "# x\n{\"a\": 1}", "not valid JSON"),
                Arguments.of("single quotes", "{'a': 1}", "not valid JSON"),
                Arguments.of("single-quoted value", "{\"a\": 'x'}", "not valid JSON"),
                Arguments.of("unquoted name", "{a: 1}", "not valid JSON"),
                Arguments.of("trailing comma in object", "{\"a\": 1,}", "not valid JSON"),
                Arguments.of("trailing comma in array", "[1,]", "not valid JSON"),
                Arguments.of("missing value", "[1,,2]", "not valid JSON"),
                Arguments.of("raw control character in string", "\"a\tb\"", "not valid JSON"),
                Arguments.of("escape of any character", "\"\\q\"", "not valid JSON"),
                Arguments.of("RS character", "\u001e{}", "not valid JSON"),
                Arguments.of("unclosed", "{\"a\": ", "not valid JSON"),
                Arguments.of("only whitespace", " \n ", "no value"),
                Arguments.of("byte order mark", "\ufeff{}", "byte order mark"),
                Arguments.of("unpaired high surrogate escape", "\"\\ud800\"", "unpaired surrogate"),
                Arguments.of("unpaired low surrogate escape", "[\"\\udc00x\"]", "unpaired surrogate"),
                Arguments.of("reversed surrogate pair", "\"\\ude00\\ud83d\"", "unpaired surrogate"),
                Arguments.of("unpaired surrogate in a key", "{\"\\ud800\": 1}", "unpaired surrogate"),
                Arguments.of("33 levels of arrays", "[".repeat(33) + "]".repeat(33), "nested deeper than 32"),
                Arguments.of(
                        "33 levels of objects", "{\"a\":".repeat(33) + "1" + "}".repeat(33), "nested deeper than 32"),
                Arguments.of("10000 levels", "[".repeat(10_000), "nested deeper than 32"),
                Arguments.of("101-digit number", "1" + "0".repeat(100), "a number is longer than 100"),
                Arguments.of("long fraction", "0." + "1".repeat(200), "a number is longer than 100"),
                // found by StrictJsonFuzzTest: BigDecimal threw NumberFormatException quoting the number
                Arguments.of("exponent beyond a BigDecimal scale", "[3.67E4041941290547]", "a number is out of range"),
                Arguments.of("negative exponent beyond a scale", "{\"a\": 1e-99999999999}", "a number is out of range"),
                Arguments.of("exponent just past int range", "1e2147483648", "a number is out of range"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void readWhenNotStrictJsonThenRefusedNamingTheRule(String name, String document, String reason) {
        MalformedJsonException e = catchThrowableOfType(
                MalformedJsonException.class, () -> StrictJson.read(document.getBytes(StandardCharsets.UTF_8)));

        assertThat(e).as(name).isNotNull();
        assertThat(e.getMessage()).contains(reason);
        assertThat(e.getCause()).isNull();
    }

    static Stream<Arguments> badBytes() {
        return Stream.of(
                Arguments.of("lone continuation byte", "7b2261223a2280227d"),
                Arguments.of("truncated two-byte sequence", "22c322"),
                Arguments.of("overlong slash", "22c0af22"),
                Arguments.of("overlong dot", "22c0ae22"),
                Arguments.of("overlong three-byte NUL", "22e0808022"),
                Arguments.of("encoded surrogate (CESU-8)", "22eda08022"),
                Arguments.of("beyond U+10FFFF", "22f490808022"),
                Arguments.of("byte FF", "22ff22"),
                Arguments.of("Latin-1 e acute", "22e922"),
                Arguments.of("UTF-16LE with BOM", "fffe7b007d00"),
                Arguments.of("UTF-16BE without BOM", "007b007d"),
                Arguments.of("UTF-32BE", "0000007b0000007d"),
                Arguments.of("UTF-8 BOM bytes", "efbbbf7b7d"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBytes")
    void readWhenNotWellFormedUtf8ThenRefused(String name, String hex) {
        MalformedJsonException e = catchThrowableOfType(
                MalformedJsonException.class,
                () -> StrictJson.read(HexFormat.of().parseHex(hex)));

        assertThat(e).as(name).isNotNull();
        assertThat(e.getMessage()).containsAnyOf("UTF-8", "byte order mark", "not valid JSON");
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 9})
    void readWhenEmptyOrOverTheCallersLimitThenRefused(int length) {
        byte[] document = length == 0 ? new byte[0] : "[1,2,3,4]".getBytes(StandardCharsets.UTF_8);

        MalformedJsonException e =
                catchThrowableOfType(MalformedJsonException.class, () -> StrictJson.read(document, 8));

        assertThat(e.getMessage()).containsAnyOf("empty", "larger than 8 bytes");
    }

    @ParameterizedTest
    @NullSource
    void readWhenNullThenRefusedAsEmpty(byte[] document) {
        assertThat(catchThrowableOfType(MalformedJsonException.class, () -> StrictJson.read(document))
                        .getMessage())
                .contains("empty");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "{\"token\": " + SECRET + "}",
                "{'" + SECRET + "': 1}",
                "[\"" + SECRET + "\", " + SECRET + "]",
                "{\"" + SECRET + "\": 1, \"" + SECRET + "\": 2}",
                "\"" + SECRET + "\" x"
            })
    void readWhenRefusedThenMessageNeverQuotesTheDocument(String document) {
        MalformedJsonException e = catchThrowableOfType(
                MalformedJsonException.class, () -> StrictJson.read(document.getBytes(StandardCharsets.UTF_8)));

        assertThat(e.getMessage()).doesNotContain("patg_").doesNotContain("SECRET");
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(
            strings = {
                "application/json",
                "APPLICATION/JSON",
                "Application/Json",
                "application/json;charset=utf-8",
                "application/json; charset=utf-8",
                "application/json ; charset=UTF-8",
                "application/json;\tcharset=Utf-8",
                "application/json;CHARSET=utf-8",
                "application/json;charset=\"utf-8\"",
                " application/json ",
                "application/json; charset=utf-8 "
            })
    void isJsonContentTypeWhenApplicationJsonWithUtf8OrNoCharsetThenTrue(String contentType) {
        assertThat(StrictJson.isJsonContentType(contentType)).isTrue();
    }

    @ParameterizedTest(name = "''{0}''")
    @NullSource
    @ValueSource(
            strings = {
                "",
                " ",
                "application/jsonp",
                "application/json-patch+json",
                "application/merge-patch+json",
                "application/json5",
                "application/jsonx",
                "application/ld+json",
                "text/json",
                "text/plain",
                "application/*",
                "*/*",
                "application",
                "application/",
                "/json",
                "json",
                "application /json",
                "application/ json",
                "application\\json",
                "application/json;",
                "application/json ;",
                "application/json;;charset=utf-8",
                "application/json; charset=latin1",
                "application/json; charset=iso-8859-1",
                "application/json;charset=utf8",
                "application/json;charset=utf-16",
                "application/json;charset= utf-8",
                "application/json;charset =utf-8",
                "application/json;charset=\"utf-8",
                "application/json;charset='utf-8'",
                "application/json;foo=bar",
                "application/json;charset=utf-8;foo=bar",
                "application/json;charset=utf-8;charset=utf-8",
                "application/json,text/plain",
                "application/json text/plain",
                "application/json\u0000",
                "applicat\u0131on/json",
                "application/j\u017fon",
                "application/json;char\u017fet=utf-8",
                "application/json\u00a0"
            })
    void isJsonContentTypeWhenAnythingElseThenFalse(String contentType) {
        assertThat(StrictJson.isJsonContentType(contentType)).isFalse();
    }
}
