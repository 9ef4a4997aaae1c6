package dev.patgate.demo.store;

import java.util.Optional;

/** The two Cells-like workspaces every caller sees. */
public enum Workspace {
    /** Each caller's own folder, stored under {@code DATA/personal/<login>/}. */
    PERSONAL("personal-files", "personal"),
    /** One folder shared by all callers, stored under {@code DATA/common/}. */
    COMMON("common-files", "common");

    private final String slug;
    private final String directory;

    Workspace(String slug, String directory) {
        this.slug = slug;
        this.directory = directory;
    }

    /** The first segment of a node path and of a WebDAV path under {@code /dav/}. */
    public String slug() {
        return slug;
    }

    /** The folder under the data directory that holds this workspace's files. */
    String directory() {
        return directory;
    }

    /** The workspace with this slug; empty for any other string, including null. */
    public static Optional<Workspace> bySlug(String slug) {
        for (Workspace workspace : values()) {
            if (workspace.slug.equals(slug)) {
                return Optional.of(workspace);
            }
        }
        return Optional.empty();
    }
}
