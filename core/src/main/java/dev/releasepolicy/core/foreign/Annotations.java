package dev.releasepolicy.core.foreign;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.manifest.SourceMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The {@code releasepolicy.dev/...} annotations of a Rollout or Canary: what the object cannot carry
 * (the release window, the rollback plan, the checklist, approvals, data compatibility, monitoring's
 * dashboards and alerts, notifications, the version). Each value is a YAML (or JSON) snippet of the same
 * shape as the release manifest's field, e.g. {@code releasepolicy.dev/window: '{timezone: Europe/Berlin,
 * allow: [{days: [Tue, Wed, Thu], from: "09:00", to: "16:00"}]}'}; the version is plain text.
 */
final class Annotations {

    static final String PREFIX = "releasepolicy.dev/";

    /** Annotation key (after the prefix) → release manifest field under {@code spec}. */
    static final Map<String, String> FIELDS = Map.of(
            "window", "window",
            "rollback", "rollback",
            "checklist", "checklist",
            "approvals", "approvals",
            "data-compatibility", "dataCompatibility",
            "monitoring", "monitoring",
            "notifications", "notifications",
            "health-check", "healthCheck");

    static final String VERSION = "version";

    private static final ManifestLoader LOADER = new ManifestLoader();

    private Annotations() {}

    /** Copies every annotation into {@code s.spec}, each located at its annotation. */
    static void apply(Synthesis s) {
        JsonNode annotations = s.source.tree().path("metadata").path("annotations");
        if (!annotations.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : annotations.properties()) {
            if (!e.getKey().startsWith(PREFIX)) {
                continue;
            }
            String key = e.getKey().substring(PREFIX.length());
            String pointer = "/metadata/annotations/" + SourceMap.escape(e.getKey());
            if (key.equals(VERSION)) {
                if (e.getValue().isString()) {
                    s.spec.put("version", e.getValue().asString());
                    s.from("/spec/version", s.source, pointer);
                } else {
                    s.error(
                            ForeignIds.ANNOTATION,
                            "annotation " + e.getKey() + " must be text, such as \"2.7.0\"",
                            "quote the version",
                            s.source,
                            pointer);
                }
                continue;
            }
            String field = FIELDS.get(key);
            if (field == null) {
                s.warning(
                        ForeignIds.ANNOTATION,
                        "unknown annotation " + e.getKey() + ": release-policy does not read it",
                        "use one of " + PREFIX + "version, "
                                + String.join(
                                        ", ",
                                        FIELDS.keySet().stream()
                                                .sorted()
                                                .map(k -> PREFIX + k)
                                                .toList()),
                        s.source,
                        pointer);
                continue;
            }
            Optional<JsonNode> value = parse(s, e.getKey(), e.getValue(), pointer);
            if (value.isPresent()) {
                s.spec.set(field, value.get());
                s.from("/spec/" + field, s.source, pointer);
            }
        }
    }

    private static Optional<JsonNode> parse(Synthesis s, String name, JsonNode raw, String pointer) {
        if (!raw.isString()) {
            s.error(
                    ForeignIds.ANNOTATION,
                    "annotation " + name + " must be text (Kubernetes annotations are strings)",
                    "write the value as a quoted YAML snippet, e.g. '{timezone: UTC}'",
                    s.source,
                    pointer);
            return Optional.empty();
        }
        // Indented under one key, a snippet may be a mapping or a list (notifications), flow or block style.
        String wrapped = "value:\n  " + raw.asString().strip().replace("\n", "\n  ") + "\n";
        LoadedFile loaded = LOADER.parse(s.source.file() + " " + name, wrapped);
        Optional<Finding> broken =
                loaded.findings().stream().filter(Finding::isBlockingError).findFirst();
        boolean list = name.endsWith("/notifications");
        JsonNode value = loaded.manifests().isEmpty()
                ? null
                : loaded.manifests().get(0).tree().path("value");
        if (broken.isPresent() || value == null || (list ? !value.isArray() : !value.isObject())) {
            s.error(
                    ForeignIds.ANNOTATION,
                    "annotation " + name + " is not a YAML " + (list ? "list" : "mapping") + ": "
                            + broken.map(Finding::message)
                                    .orElse(list ? "expected a list such as [{...}]" : "expected {key: value}"),
                    "write the same fields as in a release manifest's spec, e.g. '{timezone: UTC, allow: [...]}'",
                    s.source,
                    pointer);
            return Optional.empty();
        }
        return Optional.of(value);
    }
}
