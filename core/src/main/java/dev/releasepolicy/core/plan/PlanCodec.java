package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.finding.Severity;
import dev.releasepolicy.core.finding.Waiver;
import dev.releasepolicy.core.manifest.SourceMap;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.report.JsonReport;
import dev.releasepolicy.core.schema.SchemaValidator;
import dev.releasepolicy.core.spec.Check;
import dev.releasepolicy.core.spec.NotificationFormat;
import dev.releasepolicy.core.spec.WrittenDuration;
import dev.releasepolicy.core.window.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plan document format ({@code schemas/plan.schema.json}): writes a {@link Plan} as the plan file
 * ({@code plan --format json}) and the state ConfigMap hold it, and reads it back. Reading validates
 * against the schema first: a document that is not a plan is a {@link UsageException} naming the
 * JSON Pointer and what is wrong, and so is an action, compensation kind or operation this version
 * does not know. Reading what {@link #toJson} wrote gives an equal plan.
 */
public final class PlanCodec {

    private static final SchemaValidator SCHEMA = SchemaValidator.forBundled("plan.schema.json");
    private static final JsonMapper PRETTY =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonMapper COMPACT = JsonMapper.builder().build();
    private static final JsonNodeFactory NF = JsonNodeFactory.instance;

    private PlanCodec() {}

    /**
     * Parses a plan file's text.
     *
     * @param displayName the file as the user named it, for messages
     * @throws UsageException when the text is not JSON or does not follow the plan schema
     */
    public static Plan read(String displayName, String json) {
        JsonNode tree;
        try {
            tree = JsonMapper.shared().readTree(json);
        } catch (JacksonException e) {
            throw new UsageException(displayName + " is not a plan file (not JSON: " + e.getOriginalMessage() + ")");
        }
        return read(displayName, tree);
    }

    /**
     * Reads a plan document, checking it against the plan schema first.
     *
     * @throws UsageException naming the JSON Pointer of the first problem
     */
    public static Plan read(String displayName, JsonNode tree) {
        List<Finding> problems = SCHEMA.validate(tree, new SourceMap(displayName));
        if (!problems.isEmpty()) {
            Finding first = problems.get(0);
            throw new UsageException(displayName + " is not a valid plan file: " + first.message() + " at "
                    + (first.pointer().isEmpty() ? "/" : first.pointer())
                    + " (make it with release-policy plan --format json)");
        }
        try {
            return fromJson(tree);
        } catch (IllegalArgumentException e) {
            throw new UsageException(displayName + " is not a valid plan file: " + e.getMessage(), e);
        }
    }

    /** The plan file's text, as {@code plan --format json} writes it (without the final line feed). */
    public static String write(Plan plan) {
        return PRETTY.writeValueAsString(toJson(plan));
    }

    /** The plan as compact JSON text, as the state ConfigMap keeps it. */
    public static String writeCompact(Plan plan) {
        return COMPACT.writeValueAsString(toJson(plan));
    }

    /** Builds the plan from a tree that follows the plan schema (not checked here: use {@link #read}). */
    private static Plan fromJson(JsonNode root) {
        JsonNode m = root.path("metadata");
        PlanMetadata metadata = new PlanMetadata(
                m.path("release").asString(),
                m.path("source").asString(),
                m.path("application").asString(),
                m.path("namespace").asString(),
                m.path("version").asString(),
                text(m.path("previousVersion")),
                Strategy.of(m.path("strategy").asString()));
        JsonNode f = root.path("fingerprint");
        Fingerprint fingerprint = new Fingerprint(
                f.path("value").asString(),
                f.path("manifestDigest").asString(),
                f.path("policySetDigest").asString(),
                f.path("toolVersion").asString());
        JsonNode t = root.path("timeline");
        Timeline timeline = new Timeline(
                Instant.parse(t.path("now").asString()),
                Instant.parse(t.path("earliestStart").asString()),
                seconds(t, "minimumSeconds"),
                seconds(t, "inWindowSeconds"),
                Instant.parse(t.path("earliestFinish").asString()),
                text(t.path("windowClosesAt")).map(Instant::parse),
                t.path("fitsWindow").asBoolean(),
                t.path("waitsForApproval").asBoolean(),
                strings(t.path("warnings")));
        List<PlanStep> steps = new ArrayList<>();
        for (JsonNode s : root.path("steps")) {
            steps.add(new PlanStep(
                    s.path("index").asInt(),
                    s.path("id").asString(),
                    action(s.path("action").asString()),
                    s.path("description").asString(),
                    seconds(s, "minimumSeconds"),
                    s.has("timeoutSeconds") ? Optional.of(seconds(s, "timeoutSeconds")) : Optional.empty(),
                    seconds(s, "startsAfterSeconds"),
                    s.path("parameters"),
                    objects(s.path("objects")),
                    compensation(s.path("compensation")),
                    strings(s.path("rollbackFrom")),
                    triggers(s.path("watches"))));
        }
        JsonNode r = root.path("rollback");
        List<Compensation> path = new ArrayList<>();
        r.path("automaticPath").forEach(c -> path.add(compensation(c)));
        RollbackPlan rollback = new RollbackPlan(
                text(r.path("to")),
                text(r.path("image")),
                strings(r.path("configMaps")),
                triggers(r.path("triggers")),
                path,
                strings(r.path("afterRollback")),
                objects(r.path("afterRollbackJobs")));
        List<Finding> findings = new ArrayList<>();
        root.path("findings").forEach(x -> findings.add(finding(x)));
        return new Plan(
                root.path("apiVersion").asString(),
                metadata,
                fingerprint,
                timeline,
                rollback,
                steps,
                runtime(root),
                findings);
    }

    private static PlanRuntime runtime(JsonNode root) {
        JsonNode m = root.path("monitoring");
        List<MetricSpec> metrics = new ArrayList<>();
        for (JsonNode d : m.path("metrics")) {
            metrics.add(new MetricSpec(
                    d.path("name").asString(),
                    check(d),
                    decimal(d.path("max")),
                    decimal(d.path("min")),
                    decimal(d.path("above")),
                    decimal(d.path("below")),
                    text(d.path("interval")),
                    integer(d.path("count")),
                    integer(d.path("failureLimit")),
                    integer(d.path("inconclusiveLimit")),
                    integer(d.path("consecutiveErrorLimit")),
                    text(d.path("initialDelay")),
                    d.path("dryRun").asBoolean(false)));
        }
        List<NotificationTarget> targets = new ArrayList<>();
        for (JsonNode n : root.path("notifications")) {
            Map<String, String> headers = new LinkedHashMap<>();
            n.path("headers")
                    .properties()
                    .forEach(h -> headers.put(h.getKey(), h.getValue().asString()));
            targets.add(new NotificationTarget(
                    n.path("webhook").asString(),
                    strings(n.path("events")),
                    headers,
                    NotificationFormat.parse(n.path("format").asString("generic")),
                    text(n.path("secret"))));
        }
        return new PlanRuntime(
                new Monitoring(
                        text(m.path("provider")), text(m.path("address")), metrics, strings(m.path("dashboards"))),
                targets);
    }

    /** A metric's check; a plan of an older version may hold a metric without one (an empty query). */
    private static Check check(JsonNode d) {
        if (d.path("web").isObject()) {
            JsonNode w = d.path("web");
            return new Check.Web(
                    w.path("url").asString(),
                    w.path("method").asString("GET"),
                    stringMap(w.path("headers")),
                    body(w),
                    w.path("jsonPath").asString(),
                    text(w.path("timeout")).map(WrittenDuration::parse));
        }
        if (d.path("job").isObject()) {
            JsonNode j = d.path("job");
            return new Check.Job(
                    j.path("image").asString(),
                    strings(j.path("command")),
                    strings(j.path("args")),
                    stringMap(j.path("env")),
                    text(j.path("timeout")).map(WrittenDuration::parse));
        }
        if (d.path("webhook").isObject()) {
            JsonNode h = d.path("webhook");
            return new Check.Webhook(
                    h.path("url").asString(),
                    stringMap(h.path("headers")),
                    body(h),
                    text(h.path("timeout")).map(WrittenDuration::parse));
        }
        return new Check.Query(d.path("query").asString(""));
    }

    private static Optional<JsonNode> body(JsonNode check) {
        JsonNode b = check.path("body");
        return b.isMissingNode() || b.isNull() ? Optional.empty() : Optional.of(b);
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asString()));
        return map;
    }

    private static Optional<BigDecimal> decimal(JsonNode n) {
        return n.isNumber() ? Optional.of(n.decimalValue()) : Optional.empty();
    }

    private static Optional<Integer> integer(JsonNode n) {
        return n.isInt() ? Optional.of(n.asInt()) : Optional.empty();
    }

    private static Action action(String label) {
        for (Action a : Action.values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown step action '" + label + "'");
    }

    private static Operation operation(String label) {
        for (Operation o : Operation.values()) {
            if (o.label().equals(label)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown object operation '" + label + "'");
    }

    private static Compensation.Kind kind(String name) {
        for (Compensation.Kind k : Compensation.Kind.values()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown compensation kind '" + name + "'");
    }

    private static List<ObjectChange> objects(JsonNode arr) {
        List<ObjectChange> list = new ArrayList<>();
        for (JsonNode o : arr) {
            list.add(new ObjectChange(
                    operation(o.path("operation").asString()),
                    o.path("apiVersion").asString(),
                    o.path("kind").asString(),
                    o.path("namespace").asString(),
                    o.path("name").asString(),
                    o.has("body") ? Optional.of(o.get("body")) : Optional.empty()));
        }
        return list;
    }

    private static Compensation compensation(JsonNode c) {
        return new Compensation(
                kind(c.path("kind").asString()), c.path("description").asString(), objects(c.path("objects")));
    }

    private static List<RollbackTrigger> triggers(JsonNode arr) {
        List<RollbackTrigger> list = new ArrayList<>();
        for (JsonNode t : arr) {
            boolean above = t.has("above");
            BigDecimal threshold = t.path(above ? "above" : "below").decimalValue();
            list.add(new RollbackTrigger(
                    t.path("metric").asString(),
                    above ? ">" : "<",
                    threshold,
                    text(t.path("for")).map(Durations::parse)));
        }
        return list;
    }

    private static Finding finding(JsonNode x) {
        Optional<Waiver> waiver = x.has("waiver")
                ? Optional.of(new Waiver(
                        x.at("/waiver/reason").asString(),
                        x.at("/waiver/owner").asString(),
                        x.at("/waiver/expires").asString()))
                : Optional.empty();
        return new Finding(
                x.path("policy").asString(),
                Severity.parse(x.path("severity").asString()),
                x.path("message").asString(),
                x.path("hint").asString(),
                new Location(
                        x.path("file").asString(),
                        x.path("line").asInt(),
                        x.path("column").asInt()),
                x.path("pointer").asString(),
                waiver);
    }

    private static Duration seconds(JsonNode o, String name) {
        return Duration.ofSeconds(o.path(name).asLong());
    }

    private static Optional<String> text(JsonNode n) {
        return n.isString() ? Optional.of(n.asString()) : Optional.empty();
    }

    private static List<String> strings(JsonNode n) {
        List<String> list = new ArrayList<>();
        n.forEach(v -> list.add(v.asString()));
        return list;
    }

    // ---- writing ------------------------------------------------------------------------------

    /** The plan as a JSON tree (what the plan file holds), properties in a fixed order. */
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
        writeStrings(tl.putArray("warnings"), t.warnings());
        ObjectNode summary = root.putObject("summary");
        summary.put("steps", plan.steps().size());
        summary.put("create", plan.count(Operation.CREATE) + plan.count(Operation.CREATE_FROM));
        summary.put("change", plan.count(Operation.APPLY) + plan.count(Operation.PATCH) + plan.count(Operation.EDIT));
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
        writeStrings(rb.putArray("configMaps"), r.configMaps());
        ArrayNode triggers = rb.putArray("triggers");
        r.triggers().forEach(tr -> triggers.add(trigger(tr)));
        ArrayNode path = rb.putArray("automaticPath");
        r.automaticPath().forEach(c -> path.add(compensation(c)));
        if (!r.afterRollback().isEmpty()) {
            writeStrings(rb.putArray("afterRollback"), r.afterRollback());
            writeObjects(rb.putArray("afterRollbackJobs"), r.afterRollbackJobs());
        }
        root.set("monitoring", monitoring(plan.runtime().monitoring()));
        ArrayNode notifications = root.putArray("notifications");
        for (NotificationTarget n : plan.runtime().notifications()) {
            ObjectNode o = notifications.addObject();
            o.put("webhook", n.webhook());
            writeStrings(o.putArray("events"), n.events());
            if (!n.headers().isEmpty()) {
                ObjectNode h = o.putObject("headers");
                n.headers().forEach(h::put);
            }
            // generic is the default: written only when chosen otherwise, so plans without formats stay as they were
            if (n.format() != NotificationFormat.GENERIC) {
                o.put("format", n.format().label());
            }
            n.secret().ifPresent(v -> o.put("secret", v));
        }
        ArrayNode findings = root.putArray("findings");
        for (Finding f : plan.findings()) {
            findings.add(JsonReport.toJson(f));
        }
        return root;
    }

    private static ObjectNode monitoring(Monitoring m) {
        ObjectNode o = NF.objectNode();
        m.provider().ifPresent(v -> o.put("provider", v));
        m.address().ifPresent(v -> o.put("address", v));
        ArrayNode metrics = o.putArray("metrics");
        for (MetricSpec d : m.metrics()) {
            ObjectNode x = metrics.addObject();
            x.put("name", d.name());
            switch (d.check()) {
                case Check.Query q -> {
                    if (!q.query().isEmpty()) {
                        x.put("query", q.query());
                    }
                }
                case Check.Web w -> {
                    ObjectNode c = x.putObject("web");
                    c.put("url", w.url());
                    c.put("method", w.method());
                    headers(c, w.headers());
                    w.body().ifPresent(b -> c.set("body", b.deepCopy()));
                    c.put("jsonPath", w.jsonPath());
                    w.timeout().ifPresent(t -> c.put("timeout", t.text()));
                }
                case Check.Job j -> {
                    ObjectNode c = x.putObject("job");
                    c.put("image", j.image());
                    if (!j.command().isEmpty()) {
                        writeStrings(c.putArray("command"), j.command());
                    }
                    if (!j.args().isEmpty()) {
                        writeStrings(c.putArray("args"), j.args());
                    }
                    if (!j.env().isEmpty()) {
                        ObjectNode env = c.putObject("env");
                        j.env().forEach(env::put);
                    }
                    j.timeout().ifPresent(t -> c.put("timeout", t.text()));
                }
                case Check.Webhook h -> {
                    ObjectNode c = x.putObject("webhook");
                    c.put("url", h.url());
                    headers(c, h.headers());
                    h.body().ifPresent(b -> c.set("body", b.deepCopy()));
                    h.timeout().ifPresent(t -> c.put("timeout", t.text()));
                }
            }
            d.max().ifPresent(v -> x.put("max", v));
            d.min().ifPresent(v -> x.put("min", v));
            d.above().ifPresent(v -> x.put("above", v));
            d.below().ifPresent(v -> x.put("below", v));
            d.interval().ifPresent(v -> x.put("interval", v));
            d.count().ifPresent(v -> x.put("count", v));
            d.failureLimit().ifPresent(v -> x.put("failureLimit", v));
            d.inconclusiveLimit().ifPresent(v -> x.put("inconclusiveLimit", v));
            d.consecutiveErrorLimit().ifPresent(v -> x.put("consecutiveErrorLimit", v));
            d.initialDelay().ifPresent(v -> x.put("initialDelay", v));
            if (d.dryRun()) {
                x.put("dryRun", true);
            }
        }
        if (!m.dashboards().isEmpty()) {
            writeStrings(o.putArray("dashboards"), m.dashboards());
        }
        return o;
    }

    private static void headers(ObjectNode check, Map<String, String> headers) {
        if (!headers.isEmpty()) {
            ObjectNode h = check.putObject("headers");
            headers.forEach(h::put);
        }
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
        writeObjects(o.putArray("objects"), s.objects());
        o.set("compensation", compensation(s.compensation()));
        writeStrings(o.putArray("rollbackFrom"), s.rollbackFrom());
        ArrayNode watches = o.putArray("watches");
        s.watches().forEach(w -> watches.add(trigger(w)));
        return o;
    }

    private static ObjectNode compensation(Compensation c) {
        ObjectNode o = NF.objectNode();
        o.put("kind", c.kind().name());
        o.put("description", c.description());
        writeObjects(o.putArray("objects"), c.objects());
        return o;
    }

    private static void writeObjects(ArrayNode arr, List<ObjectChange> objects) {
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
        o.put(">".equals(t.comparison()) ? "above" : "below", t.threshold());
        t.holdFor().ifPresent(d -> o.put("for", Durations.format(d)));
        o.put("description", t.describe());
        return o;
    }

    private static void duration(ObjectNode o, String textName, String secondsName, Duration d) {
        o.put(textName, Durations.format(d));
        o.put(secondsName, d.getSeconds());
    }

    private static void writeStrings(ArrayNode arr, List<String> values) {
        values.forEach(arr::add);
    }
}
