package dev.releasepolicy.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.plan.render.JsonPlanRenderer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The plan shows thresholds, durations and rolling-update limits the way the manifest writes them. */
class PlanValuesAsWrittenTest {

    static JsonNode firstAnalysisMetric(Plan plan, String name) {
        PlanStep analysis = plan.steps().stream()
                .filter(s -> s.action() == Action.ANALYSIS)
                .findFirst()
                .orElseThrow();
        for (JsonNode m : analysis.parameters().path("metrics")) {
            if (m.path("name").asString().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no metric " + name);
    }

    @Test
    void thresholds_keepWholeNumbersWholeAndFractionsAsWritten() throws Exception {
        String yaml = Files.readString(PlannerTest.CANARY)
                .replace("max: 0.01", "max: 1")
                .replace("max: 0.3", "max: 1.0e-4");
        Plan plan = new Planner().plan(Plans.load(yaml), Plans.INPUTS);
        JsonNode errorRate = firstAnalysisMetric(plan, "errorRate");
        assertThat(errorRate.path("max").isIntegralNumber()).isTrue();
        assertThat(errorRate.path("max").asString()).isEqualTo("1");
        assertThat(errorRate.path("interval").asString()).isEqualTo("1m");
        assertThat(errorRate.path("failureLimit").asInt()).isEqualTo(1);
        JsonNode latency = firstAnalysisMetric(plan, "latencyP99");
        assertThat(latency.path("max").isIntegralNumber()).isFalse();
        assertThat(latency.path("max").doubleValue()).isEqualTo(1.0e-4);
        assertThat(Plans.render(new JsonPlanRenderer(), plan)).contains("\"max\" : 1,");
    }

    @Test
    void rollingLimits_areIntegersOrPercentStrings_andDefaultTo25PercentAnd0() throws Exception {
        String yaml = Files.readString(Plans.FIXTURES.resolve("rolling-worker.yaml"));
        JsonNode written = rollingUpdate(yaml);
        assertThat(written.path("maxSurge").isIntegralNumber()).isTrue();
        assertThat(written.path("maxSurge").asInt()).isEqualTo(1);
        assertThat(written.path("maxUnavailable").isString()).isTrue();
        assertThat(written.path("maxUnavailable").asString()).isEqualTo("20%");
        JsonNode defaults = rollingUpdate(yaml.replace("    rolling: {maxSurge: 1, maxUnavailable: \"20%\"}\n", ""));
        assertThat(defaults.path("maxSurge").asString()).isEqualTo("25%");
        assertThat(defaults.path("maxSurge").isString()).isTrue();
        assertThat(defaults.path("maxUnavailable").isIntegralNumber()).isTrue();
        assertThat(defaults.path("maxUnavailable").asInt()).isZero();
    }

    static JsonNode rollingUpdate(String yaml) {
        Plan plan = new Planner().plan(Plans.load(yaml), Plans.INPUTS);
        PlanStep deploy = plan.steps().stream()
                .filter(s -> s.action() == Action.DEPLOY)
                .findFirst()
                .orElseThrow();
        return deploy.objects()
                .get(0)
                .body()
                .orElseThrow()
                .path("spec")
                .path("strategy")
                .path("rollingUpdate");
    }

    @Test
    void durations_keepTheirWrittenForm() throws Exception {
        String yaml = Files.readString(PlannerTest.BLUE_GREEN).replace("keepPrevious: 24h", "keepPrevious: 90m");
        Plan plan = new Planner().plan(Plans.load(yaml), Plans.INPUTS);
        PlanStep keep = plan.steps().stream()
                .filter(s -> s.action() == Action.RETAIN_PREVIOUS)
                .findFirst()
                .orElseThrow();
        assertThat(keep.id()).endsWith("-90m");
        assertThat(keep.description()).contains("running for 90m");
        assertThat(keep.minimumDuration()).hasMinutes(90);
    }
}
