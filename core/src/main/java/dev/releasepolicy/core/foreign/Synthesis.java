package dev.releasepolicy.core.foreign;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.SourceMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The release document being built from one Rollout or Canary, with the origin of every value and the
 * mapping's own findings. One per mapping; not thread-safe.
 */
final class Synthesis {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final Manifest source;
    final ObjectNode root = NODES.objectNode();
    final ObjectNode spec = NODES.objectNode();
    private final Map<String, MappedRelease.Origin> origins = new HashMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Set<String> suppressed = new HashSet<>();
    private final Set<String> notChecked = new LinkedHashSet<>();

    Synthesis(Manifest source) {
        this.source = source;
        root.put("apiVersion", "releasepolicy.dev/v1");
        root.put("kind", "Release");
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("name", source.name());
        from("/metadata/name", source, "/metadata/name");
        from("/kind", source, "/kind");
        from("/apiVersion", source, "/apiVersion");
        root.set("spec", spec);
    }

    /**
     * What every Rollout and Canary gives the same way: the application (the object's name), the namespace
     * (when the object names one) and the {@code releasepolicy.dev/...} annotations.
     */
    void identity() {
        spec.put("application", source.name());
        from("/spec/application", source, "/metadata/name");
        JsonNode namespace = source.tree().path("metadata").path("namespace");
        if (namespace.isString()) {
            spec.put("namespace", namespace.asString());
            from("/spec/namespace", source, "/metadata/namespace");
        }
        Annotations.apply(this);
    }

    /** Records that the built value at {@code pointer} was read from {@code originPointer} of {@code doc}. */
    void from(String pointer, Manifest doc, String originPointer) {
        origins.put(pointer, new MappedRelease.Origin(doc, originPointer, false));
    }

    /** As {@link #from}, for a value of the same shape: pointers below it map to the same pointers below. */
    void sameShape(String pointer, Manifest doc, String originPointer) {
        origins.put(pointer, new MappedRelease.Origin(doc, originPointer, true));
    }

    /** Records an origin unless the pointer has one already (the first place wins). */
    void fromIfAbsent(String pointer, Manifest doc, String originPointer) {
        origins.putIfAbsent(pointer, new MappedRelease.Origin(doc, originPointer, false));
    }

    void suppress(String pointer) {
        suppressed.add(pointer);
    }

    void error(String id, String message, String hint, Manifest doc, String pointer) {
        findings.add(Finding.error(id, message, hint, doc.sourceMap().locate(pointer), pointer));
    }

    void warning(String id, String message, String hint, Manifest doc, String pointer) {
        findings.add(Finding.warning(id, message, hint, doc.sourceMap().locate(pointer), pointer));
    }

    /**
     * A construct the release model does not have: one warning per construct and object, at its first
     * occurrence, so it is never silently ignored.
     */
    void notChecked(String construct, Manifest doc, String pointer) {
        if (notChecked.add(doc.file() + "#" + doc.document() + ":" + construct)) {
            warning(
                    ForeignIds.NOT_CHECKED,
                    "not checked: " + construct,
                    "release-policy reads this " + doc.kind() + " but has no rule for '" + construct
                            + "' yet; review it yourself (docs/argo-flagger.md lists what is read)",
                    doc,
                    pointer);
        }
    }

    /** Reports every key of {@code node} not in {@code known} as not checked, named {@code prefix + key}. */
    void notCheckedKeys(JsonNode node, String pointer, String prefix, Set<String> known, Manifest doc) {
        if (!node.isObject()) {
            return;
        }
        for (String key : node.propertyNames()) {
            if (!known.contains(key)) {
                notChecked(prefix + key, doc, pointer + "/" + SourceMap.escape(key));
            }
        }
    }

    ArrayNode array(ObjectNode parent, String name) {
        return parent.putArray(name);
    }

    MappedRelease build() {
        String file = source.file();
        Manifest release =
                new Manifest(file, source.document(), root, SourceMap.derived(file, pointer -> locate(pointer)));
        return new MappedRelease(release, source, origins, findings, suppressed);
    }

    private Location locate(String pointer) {
        MappedRelease.Origin o = MappedRelease.resolve(origins, source, pointer);
        return o.document().sourceMap().locate(o.pointer());
    }
}
