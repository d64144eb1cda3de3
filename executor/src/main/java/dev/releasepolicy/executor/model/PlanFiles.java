package dev.releasepolicy.executor.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads plan files ({@code release-policy plan --format json}, described by
 * {@code schemas/plan.schema.json}) into {@link ExecutionPlan}s, and writes an execution plan back in
 * the same format (the subset the executor needs), which is how the plan is kept in the release's
 * state ConfigMap for {@code resume} and {@code rollback}.
 */
public final class PlanFiles {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NF = JsonNodeFactory.instance;

    private PlanFiles() {
    }

    /** Parses a plan file's text. */
    public static ExecutionPlan parse(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new PlanFormatException("not a JSON plan file (make one with 'release-policy plan --format json'): "
                    + e.getOriginalMessage());
        }
        return parse(root);
    }

    /** Reads a plan document. */
    public static ExecutionPlan parse(JsonNode root) {
        if (!"Plan".equals(root.path("kind").asString(""))) {
            throw new PlanFormatException("not a plan: kind is '" + root.path("kind").asString("") + "', expected 'Plan'");
        }
        JsonNode meta = root.path("metadata");
        String fingerprint = root.path("fingerprint").isObject()
                ? root.path("fingerprint").path("value").asString("")
                : root.path("fingerprint").asString("");
        if (fingerprint.isEmpty()) {
            throw new PlanFormatException("the plan has no fingerprint (fingerprint.value)");
        }
        List<ExecutionStep> steps = new ArrayList<>();
        for (JsonNode s : root.path("steps")) {
            steps.add(step(s));
        }
        String prev = meta.path("previousVersion").asString("");
        String digest = root.path("fingerprint").path("manifestDigest").asString("");
        return new ExecutionPlan(meta.path("release").asString(""), required(meta, "application"),
                required(meta, "namespace"), meta.path("version").asString(""),
                prev.isEmpty() ? Optional.empty() : Optional.of(prev), meta.path("strategy").asString(""), fingerprint,
                meta.path("source").asString(""), digest.isEmpty() ? Optional.empty() : Optional.of(digest), steps);
    }

    private static ExecutionStep step(JsonNode s) {
        Optional<Duration> timeout = s.has("timeoutSeconds")
                ? Optional.of(Duration.ofSeconds(s.path("timeoutSeconds").asLong())) : Optional.empty();
        JsonNode c = s.path("compensation");
        Compensation compensation = c.isObject()
                ? new Compensation(c.path("kind").asString("NONE"), c.path("description").asString(""), objects(c.path("objects")))
                : Compensation.none();
        JsonNode params = s.path("parameters").isObject() ? s.path("parameters") : NF.objectNode();
        List<JsonNode> watches = new ArrayList<>();
        s.path("watches").forEach(watches::add);
        return new ExecutionStep(s.path("index").asInt(), s.path("id").asString(), s.path("action").asString(),
                s.path("description").asString(""), Duration.ofSeconds(s.path("minimumSeconds").asLong(0)), timeout,
                params, objects(s.path("objects")), compensation, watches);
    }

    private static List<ObjectChange> objects(JsonNode arr) {
        List<ObjectChange> out = new ArrayList<>();
        for (JsonNode o : arr) {
            ObjectRef ref = new ObjectRef(required(o, "apiVersion"), required(o, "kind"), required(o, "namespace"),
                    required(o, "name"));
            out.add(new ObjectChange(Operation.parse(o.path("operation").asString("")), ref,
                    o.has("body") ? Optional.of(o.get("body")) : Optional.empty()));
        }
        return out;
    }

    private static String required(JsonNode node, String field) {
        String v = node.path(field).asString("");
        if (v.isEmpty()) {
            throw new PlanFormatException("the plan lacks '" + field + "' in " + node);
        }
        return v;
    }

    /** Writes an execution plan as a plan document (the fields {@link #parse(JsonNode)} reads). */
    public static ObjectNode toJson(ExecutionPlan plan) {
        ObjectNode root = NF.objectNode();
        root.put("apiVersion", "releasepolicy.dev/v1");
        root.put("kind", "Plan");
        ObjectNode meta = root.putObject("metadata");
        meta.put("release", plan.release());
        meta.put("source", plan.source());
        meta.put("application", plan.application());
        meta.put("namespace", plan.namespace());
        meta.put("version", plan.version());
        plan.previousVersion().ifPresent(v -> meta.put("previousVersion", v));
        meta.put("strategy", plan.strategy());
        ObjectNode fp = root.putObject("fingerprint");
        fp.put("value", plan.fingerprint());
        plan.manifestDigest().ifPresent(d -> fp.put("manifestDigest", d));
        ArrayNode steps = root.putArray("steps");
        for (ExecutionStep s : plan.steps()) {
            ObjectNode o = steps.addObject();
            o.put("index", s.index());
            o.put("id", s.id());
            o.put("action", s.action());
            o.put("description", s.description());
            o.put("minimumSeconds", s.minimumDuration().getSeconds());
            s.timeout().ifPresent(t -> o.put("timeoutSeconds", t.getSeconds()));
            o.set("parameters", s.parameters().deepCopy());
            writeObjects(o.putArray("objects"), s.objects());
            ObjectNode c = o.putObject("compensation");
            c.put("kind", s.compensation().kind());
            c.put("description", s.compensation().description());
            writeObjects(c.putArray("objects"), s.compensation().objects());
            ArrayNode w = o.putArray("watches");
            s.watches().forEach(n -> w.add(n.deepCopy()));
        }
        return root;
    }

    /** The compact JSON text of {@link #toJson(ExecutionPlan)}. */
    public static String toJsonText(ExecutionPlan plan) {
        return MAPPER.writeValueAsString(toJson(plan));
    }

    private static void writeObjects(ArrayNode arr, List<ObjectChange> objects) {
        for (ObjectChange c : objects) {
            ObjectNode o = arr.addObject();
            o.put("operation", c.operation().label());
            o.put("apiVersion", c.ref().apiVersion());
            o.put("kind", c.ref().kind());
            o.put("namespace", c.ref().namespace());
            o.put("name", c.ref().name());
            c.body().ifPresent(b -> o.set("body", b.deepCopy()));
        }
    }
}
