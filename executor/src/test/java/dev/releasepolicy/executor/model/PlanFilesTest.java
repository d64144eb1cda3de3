package dev.releasepolicy.executor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.executor.testing.ReferenceReleases;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Plan files as the planner writes them, read into execution plans, and back. */
class PlanFilesTest {

    @Test
    void parse_blueGreenPlan_stepsKindsObjectsAndWaits() {
        ExecutionPlan plan = ReferenceReleases.plan("blue-green-web.yaml");

        assertThat(plan.application()).isEqualTo("web-frontend");
        assertThat(plan.namespace()).isEqualTo("prod");
        assertThat(plan.previousVersion()).contains("3.1.4");
        assertThat(plan.fingerprint()).startsWith("sha256:");
        assertThat(plan.manifestDigest()).hasValueSatisfying(d -> assertThat(d).startsWith("sha256:"));
        assertThat(plan.steps()).extracting(ExecutionStep::kind).contains(StepKind.APPROVAL, StepKind.MIGRATION,
                StepKind.WAIT_READY, StepKind.PAUSE, StepKind.ANALYSIS, StepKind.RETAIN, StepKind.OBSERVE, StepKind.CHANGE);
        ExecutionStep wait = plan.steps().stream().filter(s -> s.kind() == StepKind.WAIT_READY).findFirst().orElseThrow();
        assertThat(wait.timeout()).contains(Duration.ofMinutes(5));
        assertThat(wait.parameters().path("deployment").asString()).isEqualTo("web-frontend-3-2-0");
        ExecutionStep retain = plan.steps().stream().filter(s -> s.kind() == StepKind.RETAIN).findFirst().orElseThrow();
        assertThat(retain.minimumDuration()).isEqualTo(Duration.ofHours(24));
        assertThat(plan.steps().stream().filter(ExecutionStep::movesTraffic).map(ExecutionStep::id))
                .containsExactly("09-prepare-traffic", "10-set-weight-50", "13-set-weight-100", "14-switch-service");
    }

    @Test
    void toJson_thenParse_samePlan() {
        ExecutionPlan plan = ReferenceReleases.plan("canary-api.yaml");
        assertThat(PlanFiles.parse(PlanFiles.toJsonText(plan))).usingRecursiveComparison().isEqualTo(plan);
    }

    @Test
    void parse_notAPlan_saysWhat() {
        assertThatThrownBy(() -> PlanFiles.parse("{\"kind\":\"Release\"}")).isInstanceOf(PlanFormatException.class)
                .hasMessageContaining("not a plan");
        assertThatThrownBy(() -> PlanFiles.parse("kind: Plan")).isInstanceOf(PlanFormatException.class)
                .hasMessageContaining("plan --format json");
    }
}
