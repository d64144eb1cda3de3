package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.finding.Severity;
import dev.releasepolicy.core.finding.Waiver;
import dev.releasepolicy.core.manifest.SourceMap;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.schema.SchemaValidator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a plan file ({@code plan --format json}) back into a {@link Plan}, for {@code apply PLAN}.
 * The file is checked against {@code schemas/plan.schema.json} first; a file that is not a plan is a
 * {@link UsageException} naming the first problem. Writing is {@code render.JsonPlanRenderer}; reading
 * what it wrote and writing it again gives the same bytes.
 */
public final class PlanFile {

    private static final SchemaValidator SCHEMA = SchemaValidator.forBundled("plan.schema.json");

    private PlanFile() {
    }

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
        List<Finding> problems = SCHEMA.validate(tree, new SourceMap(displayName));
        if (!problems.isEmpty()) {
            Finding first = problems.get(0);
            throw new UsageException(displayName + " is not a plan file: " + first.message() + " at "
                    + (first.pointer().isEmpty() ? "/" : first.pointer()) + " (make it with release-policy plan --format json)");
        }
        return fromJson(tree);
    }

    /** Builds the plan from a tree that follows the plan schema. */
    public static Plan fromJson(JsonNode root) {
        JsonNode m = root.path("metadata");
        PlanMetadata metadata = new PlanMetadata(m.path("release").asString(), m.path("source").asString(),
                m.path("application").asString(), m.path("namespace").asString(), m.path("version").asString(),
                text(m.path("previousVersion")), Strategy.of(m.path("strategy").asString()));
        JsonNode f = root.path("fingerprint");
        Fingerprint fingerprint = new Fingerprint(f.path("value").asString(), f.path("manifestDigest").asString(),
                f.path("policySetDigest").asString(), f.path("toolVersion").asString());
        JsonNode t = root.path("timeline");
        Timeline timeline = new Timeline(Instant.parse(t.path("now").asString()),
                Instant.parse(t.path("earliestStart").asString()), seconds(t, "minimumSeconds"),
                seconds(t, "inWindowSeconds"), Instant.parse(t.path("earliestFinish").asString()),
                text(t.path("windowClosesAt")).map(Instant::parse), t.path("fitsWindow").asBoolean(),
                t.path("waitsForApproval").asBoolean(), strings(t.path("warnings")));
        List<PlanStep> steps = new ArrayList<>();
        for (JsonNode s : root.path("steps")) {
            steps.add(new PlanStep(s.path("index").asInt(), s.path("id").asString(), action(s.path("action").asString()),
                    s.path("description").asString(), seconds(s, "minimumSeconds"),
                    s.has("timeoutSeconds") ? Optional.of(seconds(s, "timeoutSeconds")) : Optional.empty(),
                    seconds(s, "startsAfterSeconds"), s.path("parameters"), objects(s.path("objects")),
                    compensation(s.path("compensation")), strings(s.path("rollbackFrom")), triggers(s.path("watches"))));
        }
        JsonNode r = root.path("rollback");
        List<Compensation> path = new ArrayList<>();
        r.path("automaticPath").forEach(c -> path.add(compensation(c)));
        RollbackPlan rollback = new RollbackPlan(text(r.path("to")), text(r.path("image")), strings(r.path("configMaps")),
                triggers(r.path("triggers")), path);
        List<Finding> findings = new ArrayList<>();
        root.path("findings").forEach(x -> findings.add(finding(x)));
        return new Plan(root.path("apiVersion").asString(), metadata, fingerprint, timeline, rollback, steps, findings);
    }

    private static Action action(String label) {
        for (Action a : Action.values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action " + label);
    }

    private static Operation operation(String label) {
        for (Operation o : Operation.values()) {
            if (o.label().equals(label)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown operation " + label);
    }

    private static List<ObjectChange> objects(JsonNode arr) {
        List<ObjectChange> list = new ArrayList<>();
        for (JsonNode o : arr) {
            list.add(new ObjectChange(operation(o.path("operation").asString()), o.path("apiVersion").asString(),
                    o.path("kind").asString(), o.path("namespace").asString(), o.path("name").asString(),
                    o.has("body") ? Optional.of(o.get("body")) : Optional.empty()));
        }
        return list;
    }

    private static Compensation compensation(JsonNode c) {
        return new Compensation(Compensation.Kind.valueOf(c.path("kind").asString()), c.path("description").asString(),
                objects(c.path("objects")));
    }

    private static List<RollbackTrigger> triggers(JsonNode arr) {
        List<RollbackTrigger> list = new ArrayList<>();
        for (JsonNode t : arr) {
            BigDecimal threshold = t.path("threshold").decimalValue();
            list.add(new RollbackTrigger(t.path("metric").asString(), t.path("comparison").asString(), threshold,
                    text(t.path("for")).map(PlanDurations::parse)));
        }
        return list;
    }

    private static Finding finding(JsonNode x) {
        Optional<Waiver> waiver = x.has("waiver") ? Optional.of(new Waiver(x.at("/waiver/reason").asString(),
                x.at("/waiver/owner").asString(), x.at("/waiver/expires").asString())) : Optional.empty();
        return new Finding(x.path("policy").asString(), Severity.parse(x.path("severity").asString()),
                x.path("message").asString(), x.path("hint").asString(), new Location(x.path("file").asString(),
                x.path("line").asInt(), x.path("column").asInt()), x.path("pointer").asString(), waiver);
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
}
