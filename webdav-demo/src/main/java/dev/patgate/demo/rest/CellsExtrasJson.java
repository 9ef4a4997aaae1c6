package dev.patgate.demo.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.patgate.demo.store.NodeInfo;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of {@link CellsExtrasApi}, with Cells' field names (its REST messages
 * {@code tree.Node}, {@code rest.BulkMetaResponse}, {@code rest.RestoreNodesResponse},
 * {@code rest.CreateSelectionResponse}, {@code rest.UserJobResponse}, {@code rest.SearchResults},
 * {@code rest.ShareLink}, {@code rest.Cell}, {@code rest.DocumentAccessTokenResponse}).
 */
final class CellsExtrasJson {

    private CellsExtrasJson() {}

    /** A node with its user metadata: {@code MetaStore} maps a namespace to its JSON-encoded value. */
    @JsonPropertyOrder({"Uuid", "Path", "Type", "Size", "MTime", "Etag", "MetaStore"})
    record MetaNode(
            @JsonProperty("Uuid") String uuid,
            @JsonProperty("Path") String path,
            @JsonProperty("Type") String type,
            @JsonProperty("Size") long size,
            @JsonProperty("MTime") long mtime,
            @JsonProperty("Etag") String etag,
            @JsonProperty("MetaStore") Map<String, String> metaStore) {

        static MetaNode of(NodeInfo info, Map<String, String> metaStore) {
            Json.Node node = Json.Node.of(info);
            return new MetaNode(
                    node.uuid(), node.path(), node.type(), node.size(), node.mtime(), node.etag(), metaStore);
        }
    }

    record Pagination(@JsonProperty("Total") int total) {}

    record BulkMeta(
            @JsonProperty("Nodes") List<MetaNode> nodes,
            @JsonProperty("Pagination") Pagination pagination) {}

    record JobResult(
            @JsonProperty("Uuid") String uuid,
            @JsonProperty("Label") String label,
            @JsonProperty("NodeUuid") String nodeUuid) {}

    record RestoreAnswer(@JsonProperty("RestoreJobs") List<JobResult> restoreJobs) {}

    record SelectionAnswer(
            @JsonProperty("SelectionUUID") String selectionUuid,
            @JsonProperty("Nodes") List<Json.Node> nodes) {}

    record JobAnswer(@JsonProperty("JobUuid") String jobUuid) {}

    record SearchResults(
            @JsonProperty("Results") List<Json.Node> results,
            @JsonProperty("Total") int total) {}

    record ShareLink(
            @JsonProperty("Uuid") String uuid,
            @JsonProperty("LinkHash") String linkHash,
            @JsonProperty("LinkUrl") String linkUrl,
            @JsonProperty("Label") String label,
            @JsonProperty("RootNodes") List<Json.Node> rootNodes) {}

    record Cell(
            @JsonProperty("Uuid") String uuid,
            @JsonProperty("Label") String label,
            @JsonProperty("RootNodes") List<Json.Node> rootNodes) {}

    record AccessToken(@JsonProperty("AccessToken") String accessToken) {}
}
