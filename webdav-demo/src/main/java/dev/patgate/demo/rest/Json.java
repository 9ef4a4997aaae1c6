package dev.patgate.demo.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.patgate.demo.store.NodeInfo;
import java.util.List;

/** The JSON shapes of the Cells-like tree API (field names as in Cells). */
final class Json {

    private Json() {}

    /** A node as the API shows it. {@code MTime} is in seconds since the epoch; {@code Size} is 0 for a collection. */
    @JsonPropertyOrder({"Uuid", "Path", "Type", "Size", "MTime", "Etag"})
    record Node(
            @JsonProperty("Uuid") String uuid,
            @JsonProperty("Path") String path,
            @JsonProperty("Type") String type,
            @JsonProperty("Size") long size,
            @JsonProperty("MTime") long mtime,
            @JsonProperty("Etag") String etag) {

        static Node of(NodeInfo info) {
            return new Node(
                    info.uuid(),
                    info.path().display(),
                    info.collection() ? COLLECTION : LEAF,
                    info.size(),
                    info.modified().getEpochSecond(),
                    info.etag());
        }
    }

    static final String LEAF = "LEAF";
    static final String COLLECTION = "COLLECTION";

    /** {@code GET /a/tree/stat/{path}} answer. */
    record NodeAnswer(@JsonProperty("Node") Node node) {}

    /** The answer of {@code stats} and {@code create}. */
    record NodesAnswer(@JsonProperty("Nodes") List<Node> nodes) {}

    /** The answer of {@code delete}: deletions are immediate, so there are never jobs. */
    record DeleteAnswer(@JsonProperty("DeleteJobs") List<Object> deleteJobs) {}

    /** Every error body. */
    @JsonPropertyOrder({"Title", "Code"})
    record Error(
            @JsonProperty("Title") String title,
            @JsonProperty("Code") int code) {}

    /** {@code POST /a/tree/stats} body. */
    record StatsRequest(@JsonProperty("NodePaths") List<String> nodePaths) {}

    /** {@code POST /a/tree/create} and {@code /a/tree/delete} body. */
    record NodesRequest(@JsonProperty("Nodes") List<NodeSpec> nodes) {}

    /** One node in a request; {@code Type} is LEAF (the default) or COLLECTION. */
    record NodeSpec(
            @JsonProperty("Path") String path,
            @JsonProperty("Type") String type) {}
}
