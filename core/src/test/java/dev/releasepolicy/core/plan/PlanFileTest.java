package dev.releasepolicy.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.finding.Waiver;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.plan.render.JsonPlanRenderer;
import dev.releasepolicy.core.plan.render.TextPlanRenderer;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanFileTest {

    @Test
    void read_whatJsonRendererWrote_writesTheSameBytesAgain() {
        for (var file : Plans.manifests()) {
            Plan plan = Plans.plan(file);
            String json = Plans.render(new JsonPlanRenderer(), plan);
            Plan read = PlanFile.read("plan.json", json);
            assertThat(Plans.render(new JsonPlanRenderer(), read)).as(file.toString()).isEqualTo(json);
            assertThat(Plans.render(new TextPlanRenderer(), read)).isEqualTo(Plans.render(new TextPlanRenderer(), plan));
            assertThat(read.steps()).hasSameSizeAs(plan.steps());
            assertThat(read.fingerprint()).isEqualTo(plan.fingerprint());
        }
    }

    @Test
    void read_keepsFindingsAndWaivers() {
        Finding waived = Finding.error("window", "closed", "wait", new Location("a.yaml", 4, 1), "/spec/window")
                .waivedBy(new Waiver("hotfix", "ops", "2026-12-31"));
        Plan plan = new Planner().plan(Plans.load(PlannerTest.CANARY),
                new PlanInputs(Plans.NOW, Plans.INPUTS.policySetDigest(), "0.0.0-test", List.of(waived)));
        Plan read = PlanFile.read("plan.json", Plans.render(new JsonPlanRenderer(), plan));
        assertThat(read.findings()).containsExactly(waived);
    }

    @Test
    void read_notAPlan_isAUsageErrorNamingTheProblem() {
        assertThatThrownBy(() -> PlanFile.read("x.json", "{ not json")).isInstanceOf(UsageException.class)
                .hasMessageContaining("x.json is not a plan file");
        assertThatThrownBy(() -> PlanFile.read("x.json", "{\"apiVersion\": \"releasepolicy.dev/v1\", \"kind\": \"Release\"}"))
                .isInstanceOf(UsageException.class).hasMessageContaining("x.json is not a plan file");
    }

    @Test
    void staleAgainst_namesWhatChanged() throws Exception {
        Plan plan = Plans.plan(PlannerTest.CANARY);
        Fingerprint same = Fingerprint.of(Plans.load(PlannerTest.CANARY).tree(), Plans.INPUTS.policySetDigest(), "0.0.0-test");
        assertThat(plan.fingerprint().staleAgainst(same)).isEmpty();
        String edited = Files.readString(PlannerTest.CANARY).replace("replicas: 6", "replicas: 8");
        Fingerprint manifestChanged = Fingerprint.of(Plans.load(edited).tree(), Plans.INPUTS.policySetDigest(), "0.0.0-test");
        assertThat(plan.fingerprint().staleAgainst(manifestChanged)).get().asString().contains("manifest changed");
        Fingerprint policiesChanged = Fingerprint.of(Plans.load(PlannerTest.CANARY).tree(), "sha256:" + "2".repeat(64),
                "0.0.0-test");
        assertThat(plan.fingerprint().staleAgainst(policiesChanged)).get().asString().contains("policy set changed");
        Fingerprint toolChanged = Fingerprint.of(Plans.load(PlannerTest.CANARY).tree(), Plans.INPUTS.policySetDigest(), "9.9.9");
        assertThat(plan.fingerprint().staleAgainst(toolChanged)).get().asString().contains("release-policy 0.0.0-test");
    }
}
