package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.executor.state.ReleaseStatus;
import dev.releasepolicy.executor.testing.Harness;
import dev.releasepolicy.executor.testing.ReferenceReleases;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The three reference releases applied end to end on the CRUD mock API server. */
class ReferenceReleasesTest {

    @Test
    @DisplayName("blue-green web: green deployed, 50% then 100%, Service switched, blue kept 24 h then deleted")
    void blueGreen_endToEnd() {
        try (Harness h = new Harness("blue-green-web.yaml")) {
            ReleaseExecutor exec = h.executor("alice");
            Outcome first = exec.apply(h.plan);
            assertThat(first.result()).isEqualTo(Outcome.Result.AWAITING_APPROVAL);
            Outcome o = h.drive(exec, first);

            assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
            assertThat(h.weightWrites()).containsExactly(0, 50, 100);
            JsonNode svc = h.service();
            assertThat(svc.path("spec").path("selector").path("version").asString()).isEqualTo("3.2.0");
            assertThat(svc.path("spec").path("selector").path("app").asString()).isEqualTo("web-frontend");
            JsonNode green = h.deployment("web-frontend-3-2-0").orElseThrow();
            assertThat(green.path("spec").path("replicas").asInt()).isEqualTo(4);
            assertThat(green.path("metadata").path("labels").path("version").asString()).isEqualTo("3.2.0");
            assertThat(h.deployment("web-frontend-3-1-4")).isEmpty();
            JsonNode vs = h.live(ReferenceReleases.virtualService(h.example));
            assertThat(ReferenceReleases.weightOf(vs, "green")).isEqualTo(100);
            assertThat(ReferenceReleases.weightOf(vs, "blue")).isEqualTo(0);
            assertThat(h.state().status()).isEqualTo(ReleaseStatus.Succeeded);
            assertThat(h.state().completedSteps()).hasSize(h.plan.steps().size());
        }
    }

    @Test
    @DisplayName("canary api: 5 -> 20 -> 50 -> 100, promoted, old version cleaned up")
    void canary_endToEnd() {
        try (Harness h = new Harness("canary-api.yaml")) {
            ReleaseExecutor exec = h.executor("alice");
            Outcome o = h.drive(exec, exec.apply(h.plan));

            assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
            assertThat(h.weightWrites()).containsExactly(0, 5, 20, 50, 100, 0);
            JsonNode vs = h.live(ReferenceReleases.virtualService(h.example));
            assertThat(ReferenceReleases.weightOf(vs, "stable")).isEqualTo(100);
            assertThat(h.deployment("orders-api-2-7-0").orElseThrow().path("spec").path("replicas").asInt()).isEqualTo(6);
            assertThat(h.deployment("orders-api-2-6-3")).isEmpty();
            assertThat(h.state().status()).isEqualTo(ReleaseStatus.Succeeded);
        }
    }

    @Test
    @DisplayName("automatic rollback: the second analysis fails, traffic and replicas go back to 5.4.0")
    void autoRollback_analysisFails_rolledBack() {
        try (Harness h = new Harness("auto-rollback.yaml")) {
            int[] analyses = {0};
            h.analyzer((plan, step) -> Optional.of(++analyses[0] >= 2
                    ? Analyzer.Verdict.unhealthy("errorRate 0.034 > 0.01 for 2m")
                    : Analyzer.Verdict.healthy("errorRate 0.002 <= 0.01")));
            ReleaseExecutor exec = h.executor("alice");
            Outcome o = h.drive(exec, exec.apply(h.plan));

            assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
            assertThat(o.message()).contains("analysis failed", "errorRate 0.034");
            assertThat(h.weightWrites()).containsExactly(0, 10, 50, 0);
            JsonNode vs = h.live(ReferenceReleases.virtualService(h.example));
            assertThat(vs.path("spec").path("http").path(0).path("route")).hasSize(1);
            assertThat(vs.path("spec").path("http").path(0).path("route").path(0).path("destination").has("subset")).isFalse();
            assertThat(h.deployment("payments-service-5-4-1")).isEmpty();
            assertThat(h.deployment("payments-service-5-4-0").orElseThrow().path("spec").path("replicas").asInt()).isEqualTo(3);
            assertThat(h.state().status()).isEqualTo(ReleaseStatus.RolledBack);
            assertThat(List.of(h.state().message())).allMatch(m -> m.contains("analysis failed"));
        }
    }
}
