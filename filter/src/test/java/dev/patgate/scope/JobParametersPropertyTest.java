package dev.patgate.scope;

import static dev.patgate.scope.ScopeRequests.outcome;
import static dev.patgate.scope.ScopeRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patgate.auth.AuthenticatedToken;
import dev.patgate.token.Access;
import dev.patgate.token.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Cells' user-job parameters, generated: a well-formed document (any key order, any number of
 * nodes, targetParent absent, true or false) always yields exactly its nodes with the route's access
 * and its target with write; the same document with one more key of any other name (including the
 * allowed names in another case) is always refused with 400.
 */
class JobParametersPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AuthenticatedToken SCOPED = new AuthenticatedToken(
            "alice", "id", List.of(Scope.parse("node:3f1c8a52-6d4e-4b7a-9c21-0a5e7d9b4f10:rw")), null);
    private static final List<String> PATHS = List.of(
            "personal-files/proj",
            "personal-files/proj/a.txt",
            "personal-files/other/o.txt",
            "common-files/x",
            "personal-files/proj/sub/b c.txt",
            "personal-files/projects/p.txt");

    private final RequestTargets targets = new RequestTargets(
            List.of("/dav/"),
            List.of(
                    new RestRoute(
                            "PUT",
                            "/a/jobs/user/copy",
                            "JsonParameters",
                            RestRoute.TargetKind.JOB_PARAMETERS,
                            Access.READ,
                            true),
                    new RestRoute(
                            "PUT",
                            "/a/jobs/user/move",
                            "JsonParameters",
                            RestRoute.TargetKind.JOB_PARAMETERS,
                            Access.WRITE,
                            true)),
            1 << 16);

    record Job(boolean move, List<String> nodes, String target, Boolean targetParent, boolean targetFirst) {

        ObjectNode parameters() {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            if (targetFirst) {
                object.put("target", target);
            }
            ArrayNode array = object.putArray("nodes");
            nodes.forEach(array::add);
            if (!targetFirst) {
                object.put("target", target);
            }
            if (targetParent != null) {
                object.put("targetParent", targetParent);
            }
            return object;
        }

        String path() {
            return move ? "/a/jobs/user/move" : "/a/jobs/user/copy";
        }
    }

    @Provide
    Arbitrary<Job> jobs() {
        Arbitrary<String> path = Arbitraries.of(PATHS);
        return net.jqwik.api.Combinators.combine(
                        Arbitraries.of(true, false),
                        path.list().ofMinSize(1).ofMaxSize(4),
                        path,
                        Arbitraries.of(Boolean.TRUE, Boolean.FALSE).injectNull(0.3),
                        Arbitraries.of(true, false))
                .as(Job::new);
    }

    @Property
    void wellFormedWhenReadThenExactlyItsNodesAndTarget(@ForAll("jobs") Job job) throws Exception {
        String found = run(job, job.parameters());

        String access = job.move() ? "WRITE" : "READ";
        List<String> expected = new ArrayList<>();
        job.nodes().forEach(node -> expected.add(access + " /" + node));
        expected.add("WRITE /" + job.target());
        assertThat(found).isEqualTo(String.join(";", expected));
    }

    @Property
    void extraKeyWhenAnyThenRefused(
            @ForAll("jobs") Job job,
            @ForAll("extraKeys") String key,
            @ForAll("values") String value,
            @ForAll boolean first)
            throws Exception {
        ObjectNode parameters = job.parameters();
        ObjectNode withExtra = JsonNodeFactory.instance.objectNode();
        if (first) {
            withExtra.set(key, JSON.readTree(value));
            withExtra.setAll(parameters);
        } else {
            withExtra.setAll(parameters);
            withExtra.set(key, JSON.readTree(value));
        }

        assertThat(run(job, withExtra)).isEqualTo("400");
    }

    @Provide
    Arbitrary<String> extraKeys() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "Nodes",
                        "NODES",
                        "Target",
                        "TARGET",
                        "targetparent",
                        "TargetParent",
                        "target ",
                        "params",
                        "parameters",
                        "source",
                        "",
                        "nodes\u0000"),
                Arbitraries.strings()
                        .alpha()
                        .ofMinLength(1)
                        .ofMaxLength(8)
                        .filter(k -> !k.equals("nodes") && !k.equals("target") && !k.equals("targetParent")));
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.of(
                "\"personal-files/other\"",
                "[\"common-files/x\"]",
                "{\"target\":\"personal-files/other\"}",
                "true",
                "null",
                "7");
    }

    private String run(Job job, ObjectNode parameters) throws Exception {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("JobName", job.move() ? "move" : "copy");
        body.put("JsonParameters", JSON.writeValueAsString(parameters));
        var request = request("PUT", job.path(), null, JSON.writeValueAsString(body));
        RestRoute route = targets.restRoute("PUT", job.path());
        return outcome(() -> targets.rest(request, SCOPED, route, job.path()).targets().stream()
                .map(t -> t.access().name() + " " + t.path())
                .collect(Collectors.joining(";")));
    }
}
