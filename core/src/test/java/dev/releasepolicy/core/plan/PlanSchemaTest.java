package dev.releasepolicy.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.finding.Waiver;
import dev.releasepolicy.core.manifest.SourceMap;
import dev.releasepolicy.core.plan.render.JsonPlanRenderer;
import dev.releasepolicy.core.schema.SchemaValidator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Every plan file follows schemas/plan.schema.json, and the schema is strict enough to notice a stray field. */
class PlanSchemaTest {

    static final SchemaValidator PLAN_SCHEMA = SchemaValidator.forBundled("plan.schema.json");

    static List<Finding> validate(JsonNode plan) {
        return PLAN_SCHEMA.validate(plan, new SourceMap("plan.json"));
    }

    @TestFactory
    Stream<DynamicTest> everyPlan_validatesAgainstPlanSchema() {
        return Plans.manifests().stream()
                .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                    String text = Plans.render(new JsonPlanRenderer(), Plans.plan(file));
                    assertThat(validate(JsonMapper.shared().readTree(text))).isEmpty();
                }));
    }

    @Test
    void planWithFindingsAndWaivers_validates() {
        Finding warning =
                Finding.warning("monitoring", "no dashboard", "add one", new Location("a.yaml", 3, 5), "/spec");
        Finding waived = Finding.error("window", "closed", "wait", new Location("a.yaml", 4, 1), "/spec/window")
                .waivedBy(new Waiver("hotfix", "ops", "2026-12-31"));
        PlanInputs inputs =
                new PlanInputs(Plans.NOW, Plans.INPUTS.policySetDigest(), "0.0.0-test", List.of(warning, waived));
        Plan plan = new Planner().plan(Plans.load(Plans.EXAMPLES.resolve("canary-api.yaml")), inputs);
        assertThat(plan.findings()).hasSize(2);
        assertThat(validate(JsonPlanRenderer.toJson(plan))).isEmpty();
    }

    @Test
    void strayProperty_isRejected() {
        ObjectNode json = JsonPlanRenderer.toJson(Plans.plan(Plans.EXAMPLES.resolve("canary-api.yaml")));
        ((ObjectNode) json.get("steps").get(0)).put("surprise", 1);
        assertThat(validate(json)).extracting(Finding::pointer).contains("/steps/0/surprise");
    }
}
