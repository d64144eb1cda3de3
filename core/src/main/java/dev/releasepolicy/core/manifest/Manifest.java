package dev.releasepolicy.core.manifest;

import tools.jackson.databind.JsonNode;

/**
 * One release manifest document as loaded: the data tree (plain JSON values, aliases expanded) and
 * where every value came from.
 *
 * @param file      the file as the user named it
 * @param document  0-based index of the document within the file ({@code ---} separated)
 * @param tree      the document; treat as read-only
 * @param sourceMap JSON Pointer → {@code line:column}
 */
public record Manifest(String file, int document, JsonNode tree, SourceMap sourceMap) {

    /** {@code metadata.name}, or {@code file#document} when the manifest has no name. */
    public String name() {
        JsonNode n = tree.path("metadata").path("name");
        return n.isString() && !n.asString().isBlank() ? n.asString() : file + "#" + (document + 1);
    }

    /** The value of {@code kind}, or empty text. */
    public String kind() {
        JsonNode k = tree.path("kind");
        return k.isString() ? k.asString() : "";
    }
}
