package dev.patgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patgate.gateway.config.ScopesConfig;
import dev.patgate.testsupport.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * A differential property of the scoped REST body check, on a real gateway in front of a real
 * webdav-demo (whose JSON reading is ordinary Jackson: last duplicate wins, trailing values
 * ignored): however a {@code POST /a/tree/stats} body is spelled, a token scoped to
 * {@code personal-files/proj} either is refused before the backend, or the backend answers only
 * with nodes inside the scope. Never a 5xx. See docs/fuzzing.md.
 */
class ScopeBodyFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCOPE = "personal-files/proj";
    private static final List<String> INSIDE = List.of(
            "personal-files/proj",
            "personal-files/proj/*",
            "personal-files/proj/a.txt",
            "/personal-files/proj/sub/",
            "personal-files/proj/sub/*");
    private static final List<String> OUTSIDE = List.of(
            "personal-files/other/*",
            "personal-files/projects/*",
            "personal-files/*",
            "common-files/stuff/*",
            "*",
            "personal-files/proj/../other/*",
            "personal-files/other",
            "personal-files/proj/sub/../../other/*");

    private static Path home;
    private static ScopeFixture fx;
    private static String token;

    @BeforeContainer
    static void start() throws Exception {
        home = Files.createTempDirectory("scope-body-fuzz");
        fx = ScopeFixture.start(
                home,
                TestClock.atDefaultStart(),
                new ScopesConfig(
                        List.of("/dav/"), "/n/node/{uuid}", Duration.ofSeconds(60), 4096, ScopesConfig.DEFAULT_REST));
        token = fx.issue("alice", fx.scope(SCOPE, "r"));
    }

    @AfterContainer
    static void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    @Property
    void statsWhenBodySpelledAnyWayThenRefusedOrTheBackendAnswersOnlyInsideTheScope(@ForAll long seed)
            throws Exception {
        String body = body(new Random(seed));

        ScopeFixture.Exchange answer = fx.call("POST", "/a/tree/stats")
                .token(token)
                .header("Content-Type", "application/json")
                .body(body)
                .send();
        Statistics.label("outcome")
                .collect(answer.forwarded() ? "forwarded " + answer.status() : "refused " + answer.status());

        assertThat(answer.status()).as("%s -> %s", body, answer.body()).isLessThan(500);
        if (answer.forwarded()) {
            for (String target : everyReading(body)) {
                assertThat(inside(target))
                        .as("forwarded %s, which some reader takes to name %s", body, target)
                        .isTrue();
            }
        }
        if (answer.forwarded() && answer.status() == 200) {
            for (JsonNode node : JSON.readTree(answer.body()).path("Nodes")) {
                String path = node.path("Path").asText();
                assertThat(path.equals(SCOPE) || path.startsWith(SCOPE + "/"))
                        .as("body %s made the backend answer with %s", body, path)
                        .isTrue();
            }
        } else if (!answer.forwarded()) {
            assertThat(answer.status()).isIn(400, 403, 413);
        }
    }

    /**
     * Every target list some backend could read from the body: each top-level member whose name
     * equals {@code NodePaths} ignoring case (as Go's encoding/json matches), every duplicate (first
     * or last wins, depending on the reader), in every value of the text (a reader that stops after
     * the first or reads on), with comments and single quotes allowed.
     */
    private static List<String> everyReading(String body) {
        List<String> targets = new ArrayList<>();
        JsonFactory lenient = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
                .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
                .build();
        try (JsonParser parser = lenient.createParser(body.startsWith("\ufeff") ? body.substring(1) : body)) {
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.FIELD_NAME
                        && depth == 1
                        && parser.currentName().equalsIgnoreCase("NodePaths")) {
                    if (parser.nextToken() == JsonToken.START_ARRAY) {
                        while (parser.nextToken() == JsonToken.VALUE_STRING) {
                            targets.add(parser.getText());
                        }
                        if (parser.currentToken() == JsonToken.START_OBJECT
                                || parser.currentToken() == JsonToken.START_ARRAY) {
                            depth += 2;
                        }
                    } else if (parser.currentToken() == JsonToken.START_OBJECT) {
                        depth++;
                    }
                }
            }
        } catch (java.io.IOException e) {
            // a reader stops at the first error; what it read until then counts
        }
        return targets;
    }

    /** Whether a body target names the scoped folder or something below it, dot segments refused. */
    private static boolean inside(String target) {
        String path = target.startsWith("/") ? target.substring(1) : target;
        path = path.endsWith("/*")
                ? path.substring(0, path.length() - 2)
                : path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (List.of(path.split("/", -1)).stream().anyMatch(s -> s.equals("..") || s.equals(".") || s.isEmpty())) {
            return false;
        }
        return path.equals(SCOPE) || path.startsWith(SCOPE + "/");
    }

    /** A stats body built from the tricks that make two JSON readers disagree, mixed at random. */
    private static String body(Random random) throws Exception {
        List<String> members = new ArrayList<>();
        members.add(member(random, "NodePaths", paths(random)));
        int extra = random.nextInt(3);
        for (int i = 0; i < extra; i++) {
            String key = switch (random.nextInt(7)) {
                case 0 -> "NodePaths";
                case 1 -> "nodePaths";
                case 2 -> "NODEPATHS";
                case 3 -> "NodePath\u017f";
                case 4 -> "Node\\u0050aths";
                case 5 -> "Other";
                default -> "NodePaths ";
            };
            members.add(member(random, key, paths(random)));
        }
        java.util.Collections.shuffle(members, random);
        String object = "{" + String.join(random.nextBoolean() ? "," : " , ", members) + "}";
        return switch (random.nextInt(10)) {
            case 0 -> object + "{\"NodePaths\":" + JSON.writeValueAsString(List.of(pick(random, OUTSIDE))) + "}";
            case 1 -> object + " " + (random.nextBoolean() ? "//x" : "/*x*/");
            case 2 -> "\ufeff" + object;
            case 3 -> object.replace("\"NodePaths\"", "'NodePaths'");
            case 4 -> "[" + object + "]";
            default -> object;
        };
    }

    private static String member(Random random, String key, List<String> paths) throws Exception {
        String value = JSON.writeValueAsString(paths);
        if (random.nextInt(4) == 0) {
            value = value.replace("proj", "pr\\u006fj").replace("other", "\\u006fther");
        }
        if (random.nextInt(8) == 0) {
            value = "{\"NodePaths\":" + value + "}";
        }
        return "\"" + key + "\":" + value;
    }

    private static List<String> paths(Random random) {
        List<String> paths = new ArrayList<>();
        int size = random.nextInt(3) + (random.nextInt(5) == 0 ? 0 : 1);
        for (int i = 0; i < size; i++) {
            paths.add(random.nextInt(3) == 0 ? pick(random, OUTSIDE) : pick(random, INSIDE));
        }
        return paths;
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
