package dev.releasepolicy.executor.dryrun;

import dev.releasepolicy.core.edits.EditCodec;
import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.core.plan.render.KubeYaml;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.ClusterException;
import dev.releasepolicy.executor.kube.Json;
import dev.releasepolicy.executor.kube.JsonMergePatch;
import dev.releasepolicy.executor.kube.ObjectWriter;
import dev.releasepolicy.executor.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code apply --dry-run}: prints, step by step and in order, every object the plan would create,
 * change or delete, as YAML documents with {@code #} comments (so the output is itself valid YAML), written
 * as kubectl writes YAML ({@link KubeYaml}); a merge patch as the patch alone, marked {@code # patch (merge)}.
 * With a cluster it reads the live objects (GET only) and shows each change as a diff against what
 * the object would be at that point of the release; with {@code serverSide} it also asks the API
 * server to validate each write with {@code dryRun=All}. Without a cluster it prints the objects as
 * the plan sends them (an edit of the team's object as its edit description). It never writes anything.
 */
public final class DryRun {

    private final Optional<Cluster> cluster;
    private final boolean serverSide;

    /**
     * @param cluster    the cluster to compare with, or empty for an offline dry run
     * @param serverSide also send each write with {@code dryRun=All} (the server validates and defaults;
     *                   nothing is stored); only where the API supports it
     */
    public DryRun(Optional<Cluster> cluster, boolean serverSide) {
        this.cluster = cluster;
        this.serverSide = serverSide;
    }

    /** Prints the dry run of a plan. */
    public void print(Plan plan, Appendable out) {
        try {
            write(plan, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(Plan plan, Appendable out) throws IOException {
        int total = plan.steps().size();
        out.append("# Dry run of release ")
                .append(plan.release())
                .append(" (")
                .append(plan.application())
                .append(' ')
                .append(plan.previousVersion().map(p -> p + " -> ").orElse(""))
                .append(plan.version())
                .append(", ")
                .append(plan.metadata().strategy().manifestName())
                .append(") in namespace ")
                .append(plan.namespace())
                .append('\n');
        out.append("# plan ")
                .append(plan.fingerprint().value())
                .append(", ")
                .append(Integer.toString(total))
                .append(" steps\n");
        out.append(
                cluster.isPresent()
                        ? "# against the cluster: each change is compared with the live object (read-only)"
                                + (serverSide ? ", and validated by the API server with dryRun=All" : "") + "\n"
                        : "# offline: no cluster; the objects as the plan sends them\n");
        out.append("# progress and lock: ConfigMap ")
                .append(plan.namespace())
                .append('/')
                .append(StateStore.configMapName(plan.application()))
                .append(" (created or updated)\n");
        Map<String, Optional<JsonNode>> simulated = new HashMap<>();
        int creates = 0;
        int changes = 0;
        int deletes = 0;
        for (PlanStep step : plan.steps()) {
            List<ObjectChange> objects = new ArrayList<>(step.objects());
            out.append("\n# ")
                    .append(step.label(total))
                    .append(": ")
                    .append(step.description())
                    .append('\n');
            for (ObjectChange c : objects) {
                Optional<JsonNode> before = cluster.isPresent() ? current(simulated, c) : Optional.empty();
                Optional<JsonNode> after;
                String refused = "";
                try {
                    after = c.source().isPresent() && cluster.isPresent()
                            ? Optional.of(ObjectWriter.made(
                                    c, cluster.get().get(c.source().get())))
                            : after(c, before);
                } catch (ClusterException e) {
                    // The live object does not allow the edit: the apply would fail here, so say so.
                    after = Optional.empty();
                    refused = e.getMessage();
                }
                String verb = switch (c.operation()) {
                    case CREATE -> "create";
                    case CREATE_FROM ->
                        "create from the live " + c.source().orElseThrow() + ": "
                                + c.edit().map(EditCodec::describe).orElseThrow()
                                + (cluster.isEmpty() ? " (cannot be shown offline: made at apply time)" : "");
                    case APPLY ->
                        before.isPresent() || cluster.isEmpty() ? "apply (create or replace)" : "apply (create)";
                    case PATCH -> "merge patch";
                    case EDIT -> "edit: " + c.edit().map(EditCodec::describe).orElseThrow();
                    case DELETE -> "delete";
                };
                if (cluster.isPresent()) {
                    if (!refused.isEmpty()) {
                        verb += " (FAILS: " + refused + ")";
                    } else if (after.isEmpty() && c.operation() != dev.releasepolicy.core.plan.Operation.DELETE) {
                        verb += " (FAILS: not found)";
                    } else if (c.operation() == dev.releasepolicy.core.plan.Operation.DELETE && before.isEmpty()) {
                        verb += " (absent already: nothing to do)";
                    } else if (before.isPresent()
                            && after.isPresent()
                            && Json.same(clean(before.get()), clean(after.get()))) {
                        verb += " (no change)";
                    }
                }
                out.append("# ")
                        .append(c.operation().symbol())
                        .append(' ')
                        .append(c.ref().toString())
                        .append(": ")
                        .append(verb)
                        .append('\n');
                switch (c.operation()) {
                    case CREATE, CREATE_FROM -> creates++;
                    case DELETE -> deletes++;
                    default -> changes++;
                }
                if (c.operation() == dev.releasepolicy.core.plan.Operation.DELETE) {
                    if (cluster.isPresent()) {
                        simulated.put(c.ref().key(), Optional.empty());
                    }
                    continue;
                }
                JsonNode shown = cluster.isEmpty()
                        ? c.body().orElseThrow()
                        : after.map(DryRun::clean).orElse(c.body().orElseThrow());
                if (c.operation() == dev.releasepolicy.core.plan.Operation.PATCH) {
                    // What is sent, as kubectl patch --type merge takes it: the changed fields only.
                    out.append("---\n# patch (merge)\n")
                            .append(yaml(changedFields(c.body().orElseThrow())));
                } else {
                    out.append("---\n").append(yaml(shown));
                }
                if (cluster.isPresent()) {
                    before.ifPresent(b -> appendDiff(out, clean(b), shown));
                    if (serverSide && after.isPresent()) {
                        serverDryRun(out, after.get(), before.isPresent());
                    }
                    simulated.put(c.ref().key(), after);
                }
            }
            if (objects.isEmpty()) {
                out.append("#   (no object changes)\n");
            }
        }
        out.append("\n# Dry run: ")
                .append(Integer.toString(creates))
                .append(" to create, ")
                .append(Integer.toString(changes))
                .append(" to change, ")
                .append(Integer.toString(deletes))
                .append(" to delete; nothing was changed.\n");
    }

    private Optional<JsonNode> current(Map<String, Optional<JsonNode>> simulated, ObjectChange c) {
        return simulated.computeIfAbsent(
                c.ref().key(), k -> cluster.orElseThrow().get(c.ref()));
    }

    private static Optional<JsonNode> after(ObjectChange c, Optional<JsonNode> before) {
        return switch (c.operation()) {
            case CREATE, APPLY -> c.body();
            case CREATE_FROM -> Optional.empty();
            case PATCH -> before.map(b -> JsonMergePatch.apply(b, c.body().orElseThrow()));
            case EDIT -> before.map(b -> ObjectWriter.edited(c, b));
            case DELETE -> Optional.empty();
        };
    }

    private void serverDryRun(Appendable out, JsonNode object, boolean exists) throws IOException {
        ObjectNode send = Json.withoutServerFields(object);
        try {
            if (exists) {
                JsonNode live = cluster.orElseThrow()
                        .get(dev.releasepolicy.executor.kube.Cluster.refOf(object))
                        .orElseThrow();
                ((ObjectNode) send.path("metadata"))
                        .put(
                                "resourceVersion",
                                live.path("metadata").path("resourceVersion").asString());
            }
            cluster.orElseThrow().dryRun(send, exists);
            out.append("#   server-side dry run: accepted\n");
        } catch (ClusterException e) {
            out.append("#   server-side dry run: ").append(e.getMessage()).append('\n');
        }
    }

    private static void appendDiff(Appendable out, JsonNode live, JsonNode after) {
        List<String> a = lines(yaml(aligned(live, after)));
        List<String> b = lines(yaml(after));
        try {
            if (a.equals(b)) {
                out.append("#   (identical to the live object)\n");
                return;
            }
            out.append("#   diff against the live object:\n");
            for (String line : LineDiff.diff(a, b, 2)) {
                out.append("#   ").append(line).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code live} with its keys in the order {@code like} has them (extra keys after), recursively. */
    private static JsonNode aligned(JsonNode live, JsonNode like) {
        if (!live.isObject() || !like.isObject()) {
            return live;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String k : like.propertyNames()) {
            if (live.has(k)) {
                out.set(k, aligned(live.get(k), like.get(k)));
            }
        }
        for (Map.Entry<String, JsonNode> e : live.properties()) {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * A merge patch without the fields that only say which object it is for ({@code apiVersion}, {@code kind},
     * {@code metadata.name}, {@code metadata.namespace}): the comment line above it names the object.
     */
    static JsonNode changedFields(JsonNode patch) {
        ObjectNode out = ((ObjectNode) patch).deepCopy();
        out.remove(List.of("apiVersion", "kind"));
        if (out.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove(List.of("name", "namespace"));
            if (metadata.isEmpty()) {
                out.remove("metadata");
            }
        }
        return out;
    }

    private static JsonNode clean(JsonNode object) {
        return Json.withoutServerFields(object);
    }

    private static List<String> lines(String text) {
        return List.of(text.split("\n"));
    }

    private static String yaml(JsonNode node) {
        return KubeYaml.write(node);
    }
}
