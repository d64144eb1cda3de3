package dev.releasepolicy.core.workload;

import dev.releasepolicy.core.edit.EditRefusedException;
import dev.releasepolicy.core.edit.Trees;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The new version's Deployment, made from the team's own: the same pod template byte for byte (env,
 * envFrom, resources, volumes, sidecars, init containers, service account, affinity, probes...) except
 * the container's image and the version label, so the canary differs from stable only in what the
 * release changes. Its selector gains the version label, so it selects only its own pods. Metadata keeps
 * only name, namespace, labels and annotations (not uid, resourceVersion, managedFields, the rollout
 * revision or kubectl's last-applied copy, which belong to the team's object); its labels gain the
 * version label too (so the version's Deployment is found by label) and the {@link RecommendedLabels}, and
 * its annotations the release's. The selector and the pod template gain only the version label.
 * Everything else in {@code spec} (strategy, revisionHistoryLimit...) is kept; {@code status} is dropped.
 * ConfigMap references can be swapped to the release's own ConfigMaps.
 *
 * @param application  the application, the first part of the default name
 * @param container    the container that runs the new image
 * @param image        the new image
 * @param version      the new version
 * @param versionKey   the version label key, {@code version}
 * @param name         the Deployment's name; default {@code <application>-<version slug>}
 * @param replicas     the new Deployment's replicas
 * @param annotations  the release's annotations, added to the team's
 * @param configMaps   ConfigMap names to swap, team's name to the release's
 */
public record VersionDeployment(
        String application,
        String container,
        String image,
        String version,
        String versionKey,
        Optional<String> name,
        int replicas,
        Map<String, String> annotations,
        Map<String, String> configMaps)
        implements WorkloadEdit {

    /** Metadata annotations that describe the team's object, not the new one. */
    static final Set<String> DROPPED_ANNOTATIONS =
            Set.of("deployment.kubernetes.io/revision", "kubectl.kubernetes.io/last-applied-configuration");

    private static final List<String> KEPT_METADATA = List.of("name", "namespace", "labels", "annotations");

    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

    public VersionDeployment {
        for (Object o : new Object[] {application, container, image, version, versionKey, name}) {
            Objects.requireNonNull(o);
        }
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas " + replicas + " is negative");
        }
        annotations = Map.copyOf(annotations);
        configMaps = Map.copyOf(configMaps);
    }

    /** The Deployment's name: the given one or {@code <application>-<version slug>}. */
    public String deploymentName() {
        return name.orElseGet(() -> VersionNames.deploymentName(application, version));
    }

    @Override
    public ObjectNode apply(JsonNode team) {
        ObjectNode d = Deployments.copy(team);
        String label = VersionNames.labelValue(version);
        d.remove("status");
        d.set("metadata", metadata(d.path("metadata"), label));
        ObjectNode spec = (ObjectNode) d.get("spec");
        spec.put("replicas", replicas);
        if (!(spec.get("selector") instanceof ObjectNode selector)) {
            throw new EditRefusedException(
                    "Deployment " + Deployments.name(team) + " has no spec.selector",
                    "give the team's Deployment a selector, such as matchLabels: {app: " + application + "}");
        }
        Trees.object(selector, "matchLabels").put(versionKey, label);
        ObjectNode template = (ObjectNode) spec.get("template");
        Trees.object(template, "metadata", "labels").put(versionKey, label);
        ObjectNode podSpec = (ObjectNode) template.get("spec");
        ArrayNode containers = (ArrayNode) podSpec.get("containers");
        int at = Trees.indexOfName(containers, container);
        if (at < 0) {
            throw new EditRefusedException(
                    "Deployment " + Deployments.name(team) + " has no container named " + container
                            + "; its containers are " + String.join(", ", Trees.names(containers)),
                    "set spec.workload.container to one of them");
        }
        ((ObjectNode) containers.get(at)).put("image", image);
        swapConfigMaps(podSpec, Deployments.name(team));
        return d;
    }

    private ObjectNode metadata(JsonNode team, String label) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        for (String key : team.propertyNames()) {
            if (KEPT_METADATA.contains(key)) {
                m.set(key, team.get(key).deepCopy());
            }
        }
        m.put("name", deploymentName());
        RecommendedLabels.put(Trees.object(m, "labels").put(versionKey, label), application, deploymentName(), label);
        ObjectNode notes = Trees.object(m, "annotations");
        DROPPED_ANNOTATIONS.forEach(notes::remove);
        new TreeMap<>(annotations).forEach(notes::put);
        if (notes.isEmpty()) {
            m.remove("annotations");
        }
        return m;
    }

    private void swapConfigMaps(ObjectNode podSpec, String deployment) {
        Set<String> found = new LinkedHashSet<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String list : CONTAINER_LISTS) {
            for (JsonNode c : podSpec.path(list)) {
                for (JsonNode from : c.path("envFrom")) {
                    swap(from.path("configMapRef"), found, seen);
                }
                for (JsonNode env : c.path("env")) {
                    swap(env.path("valueFrom").path("configMapKeyRef"), found, seen);
                }
            }
        }
        for (JsonNode volume : podSpec.path("volumes")) {
            swap(volume.path("configMap"), found, seen);
            for (JsonNode source : volume.path("projected").path("sources")) {
                swap(source.path("configMap"), found, seen);
            }
        }
        List<String> missing = configMaps.keySet().stream()
                .filter(k -> !found.contains(k))
                .sorted()
                .toList();
        if (!missing.isEmpty()) {
            throw new EditRefusedException(
                    "Deployment " + deployment + "'s pod template does not use ConfigMap "
                            + String.join(", ", missing) + "; it uses "
                            + (seen.isEmpty() ? "none" : String.join(", ", seen)),
                    "swap only ConfigMaps the pod template references");
        }
    }

    private void swap(JsonNode ref, Set<String> found, Set<String> seen) {
        if (ref instanceof ObjectNode o && o.path("name").isString()) {
            String old = o.get("name").asString();
            seen.add(old);
            String replacement = configMaps.get(old);
            if (replacement != null) {
                found.add(old);
                o.put("name", replacement);
            }
        }
    }
}
