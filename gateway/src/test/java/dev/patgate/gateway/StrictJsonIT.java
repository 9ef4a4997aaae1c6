package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.gateway.config.ScopesConfig;
import dev.patgate.testsupport.Requests;
import dev.patgate.testsupport.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property 8, strict JSON everywhere, on a real gateway in front of a real webdav-demo: the token
 * API and the scoped REST bodies refuse every document {@link dev.patgate.json.StrictJson} refuses,
 * and the token API takes exactly {@code application/json}. A refused creation creates nothing.
 */
class StrictJsonIT {

    private static final String API = "/patgate/tokens";
    private static final String VALID = "{\"expire\": \"1h\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    private static final TestClock clock = TestClock.atDefaultStart();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static ScopeFixture fx;
    private static String readToken;

    @BeforeAll
    static void start() throws Exception {
        fx = ScopeFixture.start(
                home,
                clock,
                new ScopesConfig(
                        List.of("/dav/"), "/n/node/{uuid}", Duration.ofSeconds(10), 4096, ScopesConfig.DEFAULT_REST));
        readToken = fx.issue("alice", fx.scope("personal-files/proj", "r"));
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private static HttpResponse<String> create(byte[] body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fx.gatewayBase() + API))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", Requests.basic("alice", "alice-pw"))
                .timeout(Duration.ofSeconds(10));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int alicesTokens() {
        return fx.gateway.store().findByLogin("alice").size();
    }

    static Stream<Arguments> refusedBodies() {
        String deep = "{\"expire\": \"1h\", \"label\": " + "[".repeat(40) + "]".repeat(40) + "}";
        return Stream.of(
                Arguments.of("trailing value", text(VALID + " 1"), "more than one JSON value"),
                Arguments.of("two objects", text(VALID + VALID), "more than one JSON value"),
                Arguments.of(
                        "two objects, second widening",
                        text(VALID + "\n{\"expire\": \"3650d\"}"),
                        "more than one JSON value"),
                Arguments.of("trailing array", text(VALID + "[]"), "more than one JSON value"),
                Arguments.of("trailing garbage", text(VALID + "x"), "not valid JSON"),
                Arguments.of("trailing comma", text(VALID + ","), "not valid JSON"),
                Arguments.of("trailing NUL", text(VALID + "\u0000"), "not valid JSON"),
                Arguments.of(
                        "duplicate key", text("{\"expire\": \"1h\", \"expire\": \"3650d\"}"), "a key appears twice"),
                Arguments.of(
                        "duplicate key, escaped",
                        text("{\"expire\": \"1h\", \"\\u0065xpire\": \"2h\"}"),
                        "a key appears twice"),
                Arguments.of(
                        "duplicate key, nested",
                        text("{\"expire\": \"1h\", \"label\": {\"a\": 1, \"a\": 2}}"),
                        "a key appears twice"),
                Arguments.of("NaN", text("{\"expire\": \"1h\", \"label\": NaN}"), "not valid JSON"),
                Arguments.of("Infinity", text("{\"expire\": \"1h\", \"label\": -Infinity}"), "not valid JSON"),
                Arguments.of("leading zero", text("{\"expire\": \"1h\", \"label\": 007}"), "not valid JSON"),
                Arguments.of("line comment", text("{\"expire\": \"1h\"} // more"), "not valid JSON"),
                Arguments.of("block comment", text("{/**/\"expire\": \"1h\"}"), "not valid JSON"),
                Arguments.of("single quotes", text("{'expire': '1h'}"), "not valid JSON"),
                Arguments.of("unquoted name", text("{expire: \"1h\"}"), "not valid JSON"),
                Arguments.of("trailing comma inside", text("{\"expire\": \"1h\",}"), "not valid JSON"),
                Arguments.of("byte order mark", text("\ufeff" + VALID), "byte order mark"),
                Arguments.of(
                        "invalid UTF-8 in a value",
                        hex("7b22657870697265223a202231682c226c6162656c223a2022ff227d"),
                        "UTF-8"),
                Arguments.of("overlong UTF-8", hex("7b22657870697265223a2022316822c0ae7d"), "UTF-8"),
                Arguments.of(
                        "Latin-1 label", hex("7b22657870697265223a20223168222c226c6162656c223a2022e9227d"), "UTF-8"),
                Arguments.of("UTF-16", VALID.getBytes(StandardCharsets.UTF_16), "not"),
                Arguments.of(
                        "unpaired surrogate",
                        text("{\"expire\": \"1h\", \"label\": \"\\ud800\"}"),
                        "unpaired surrogate"),
                Arguments.of("deep nesting", text(deep), "nested deeper than 32"),
                Arguments.of(
                        "huge number",
                        text("{\"expire\": \"1h\", \"label\": 1" + "0".repeat(200) + "}"),
                        "a number is longer than 100"),
                Arguments.of(
                        "exponent beyond a BigDecimal scale (was a 500)",
                        text("{\"expire\": \"1h\", \"label\": 3.6E4041941290547}"),
                        "a number is out of range"),
                Arguments.of("empty body", new byte[0], "empty"),
                Arguments.of("only whitespace", text("  \r\n"), "no value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBodies")
    void createWhenBodyIsNotStrictJsonThen400NamingTheRuleAndNothingCreated(String name, byte[] body, String reason)
            throws Exception {
        int before = alicesTokens();

        HttpResponse<String> response = create(body, "application/json");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("error").asText()).isEqualTo("invalid_request");
        assertThat(answer.get("message").asText())
                .startsWith("the body is not valid JSON: ")
                .contains(reason);
        assertThat(alicesTokens()).isEqualTo(before);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(
            strings = {
                "application/json",
                "APPLICATION/JSON",
                "Application/Json; Charset=UTF-8",
                "application/json;charset=utf-8",
                "application/json ; charset=\"utf-8\""
            })
    void createWhenContentTypeIsApplicationJsonThen201(String contentType) throws Exception {
        HttpResponse<String> response = create(text(VALID), contentType);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(
            strings = {
                "<missing>",
                "application/jsonp",
                "application/json-patch+json",
                "application/merge-patch+json",
                "application/x-json",
                "text/json",
                "text/plain",
                "application/*",
                "*/*",
                "application/json; charset=latin1",
                "application/json; charset=utf-16",
                "application/json;foo=bar",
                "application/json;charset=utf-8;foo=bar",
                "application/json;",
                "application/json ;",
                "application/json;charset = utf-8",
                "application /json",
                "application/json,application/json",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x"
            })
    void createWhenContentTypeIsNotExactlyJsonThen415AndNothingCreated(String contentType) throws Exception {
        int before = alicesTokens();

        HttpResponse<String> response = create(text(VALID), contentType.equals("<missing>") ? null : contentType);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(answer.get("message").asText()).contains("Content-Type: application/json");
        assertThat(alicesTokens()).isEqualTo(before);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"NodePaths":["personal-files/proj"]} 0                                      | 400
            {"NodePaths":["personal-files/proj"]}x                                     | 400
            {"NodePaths":["personal-files/proj"]}{"NodePaths":["personal-files/other"]} | 400
            {"NodePaths":["personal-files/proj"],"Other":{"a":1,"a":2}}                | 400
            {"NodePaths":["personal-files/proj"],"Other":NaN}                          | 400
            {"NodePaths":["personal-files/proj"],"Other":01}                           | 400
            {"NodePaths":["personal-files/proj"]/*,"x":1*/}                            | 400
            {"NodePaths":["personal-files/proj"]}//x                                   | 400
            {'NodePaths':['personal-files/proj']}                                      | 400
            {NodePaths:["personal-files/proj"]}                                        | 400
            {"NodePaths":["personal-files/proj",]}                                     | 400
            {"NodePaths":["personal-files/proj\\ud800"]}                               | 400
            \uFEFF{"NodePaths":["personal-files/proj"]}                                | 400
            {"NodePaths":["personal-files/proj"],"Other":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]} | 400
            {"NodePaths":["personal-files/proj"],"Other":1e99999999999}                | 400
            {"NodePaths":["personal-files/proj"],"Other":1e999999999}                  | 200
            {"NodePaths":["personal-files/proj"]}                                      | 200
            """)
    void statsWhenScopedBodyIsNotStrictJsonThen400AndNotForwarded(String body, String outcome) throws Exception {
        fx.call("POST", "/a/tree/stats")
                .token(readToken)
                .header("Content-Type", "application/json")
                .body(body.replace("\\uFEFF", "\ufeff"))
                .expect(outcome);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
