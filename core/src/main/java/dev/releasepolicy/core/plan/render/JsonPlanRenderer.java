package dev.releasepolicy.core.plan.render;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.plan.Compensation;
import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.Operation;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanDurations;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.core.plan.RollbackTrigger;
import dev.releasepolicy.core.report.JsonReport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plan file ({@code --format json}), following {@code schemas/plan.schema.json}. Properties are
 * written in a fixed order, so the same plan gives the same bytes.
 */
public final class JsonPlanRenderer implements PlanRenderer {

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonNodeFactory NF = JsonNodeFactory.instance;

    @Override
    public String name() {
        return "json";
    }

    @Override
    public void render(Plan plan, Appendable out) throws IOException {
        out.append(MAPPER.writeValueAsString(toJson(plan))).append('\n');
    }

    /** The plan as a JSON tree (what the plan file holds). */
    public static ObjectNode toJson(Plan plan) {
        ObjectNode root = NF.objectNode();
        root.put("apiVersion", plan.apiVersion());
        root.put("kind", Plan.KIND);
        ObjectNode meta = root.putObject("metadata");
        var m = plan.metadata();
        meta.put("release", m.release());
        meta.put("source", m.source());
        meta.put("application", m.application());
        meta.put("namespace", m.namespace());
        meta.put("version", m.version());
        m.previousVersion().ifPresent(v -> meta.put("previousVersion", v));
        meta.put("strategy", m.strategy().manifestName());
        ObjectNode fp = root.putObject("fingerprint");
        fp.put("value", plan.fingerprint().value());
        fp.put("manifestDigest", plan.fingerprint().manifestDigest());
        fp.put("policySetDigest", plan.fingerprint().policySetDigest());
        fp.put("toolVersion", plan.fingerprint().toolVersion());
        ObjectNode tl = root.putObject("timeline");
        var t = plan.timeline();
        tl.put("now", t.now().toString());
        tl.put("earliestStart", t.earliestStart().toString());
        duration(tl, "minimumDuration", "minimumSeconds", t.minimumDuration());
        duration(tl, "inWindowDuration", "inWindowSeconds", t.inWindowDuration());
        tl.put("earliestFinish", t.earliestFinish().toString());
        t.windowClosesAt().ifPresent(c -> tl.put("windowClosesAt", c.toString()));
        tl.put("fitsWindow", t.fitsWindow());
        tl.put("waitsForApproval", t.waitsForApproval());
        strings(tl.putArray("warnings"), t.warnings());
        ObjectNode summary = root.putObject("summary");
        summary.put("steps", plan.steps().size());
        summary.put("create", plan.count(Operation.CREATE));
        summary.put("change", plan.count(Operation.APPLY) + plan.count(Operation.PATCH));
        summary.put("delete", plan.count(Operation.DELETE));
        summary.put("text", plan.summary());
        ArrayNode steps = root.putArray("steps");
        for (PlanStep s : plan.steps()) {
            steps.add(step(s));
        }
        ObjectNode rb = root.putObject("rollback");
        var r = plan.rollback();
        r.toVersion().ifPresent(v -> rb.put("to", v));
        r.image().ifPresent(v -> rb.put("image", v));
        strings(rb.putArray("configMaps"), r.configMaps());
        ArrayNode triggers = rb.putArray("triggers");
        r.triggers().forEach(tr -> triggers.add(trigger(tr)));
        ArrayNode path = rb.putArray("automaticPath");
        r.automaticPath().forEach(c -> path.add(compensation(c)));
        ArrayNode findings = root.putArray("findings");
        for (Finding f : plan.findings()) {
            findings.add(JsonReport.toJson(f));
        }
        return root;
    }

    private static ObjectNode step(PlanStep s) {
        ObjectNode o = NF.objectNode();
        o.put("index", s.index());
        o.put("id", s.id());
        o.put("action", s.action().label());
        o.put("description", s.description());
        duration(o, "minimumDuration", "minimumSeconds", s.minimumDuration());
        s.timeout().ifPresent(d -> duration(o, "timeout", "timeoutSeconds", d));
        duration(o, "startsAfter", "startsAfterSeconds", s.startsAfter());
        o.set("parameters", s.parameters().deepCopy());
        objects(o.putArray("objects"), s.objects());
        o.set("compensation", compensation(s.compensation()));
        strings(o.putArray("rollbackFrom"), s.rollbackFrom());
        ArrayNode watches = o.putArray("watches");
        s.watches().forEach(w -> watches.add(trigger(w)));
        return o;
    }

    private static ObjectNode compensation(Compensation c) {
        ObjectNode o = NF.objectNode();
        o.put("kind", c.kind().name());
        o.put("description", c.description());
        objects(o.putArray("objects"), c.objects());
        return o;
    }

    private static void objects(ArrayNode arr, List<ObjectChange> objects) {
        for (ObjectChange c : objects) {
            ObjectNode o = arr.addObject();
            o.put("operation", c.operation().label());
            o.put("symbol", c.operation().symbol());
            o.put("apiVersion", c.apiVersion());
            o.put("kind", c.kind());
            o.put("namespace", c.namespace());
            o.put("name", c.name());
            c.body().ifPresent(b -> o.set("body", b.deepCopy()));
        }
    }

    private static ObjectNode trigger(RollbackTrigger t) {
        ObjectNode o = NF.objectNode();
        o.put("metric", t.metric());
        o.put("comparison", t.comparison());
        o.put("threshold", t.threshold());
        t.holdFor().ifPresent(d -> o.put("for", PlanDurations.format(d)));
        o.put("description", t.describe());
        return o;
    }

    private static void duration(ObjectNode o, String textName, String secondsName, Duration d) {
        o.put(textName, PlanDurations.format(d));
        o.put(secondsName, d.getSeconds());
    }

    private static void strings(ArrayNode arr, List<String> values) {
        values.forEach(arr::add);
    }
}
