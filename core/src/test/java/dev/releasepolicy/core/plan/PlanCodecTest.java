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

class PlanCodecTest {

    @Test
    void read_whatJsonRendererWrote_writesTheSameBytesAgain() {
        for (var file : Plans.manifests()) {
            Plan plan = Plans.plan(file);
            String json = Plans.render(new JsonPlanRenderer(), plan);
            Plan read = PlanCodec.read("plan.json", json);
            assertThat(Plans.render(new JsonPlanRenderer(), read))
                    .as(file.toString())
                    .isEqualTo(json);
            assertThat(Plans.render(new TextPlanRenderer(), read))
                    .isEqualTo(Plans.render(new TextPlanRenderer(), plan));
            assertThat(read.steps()).hasSameSizeAs(plan.steps());
            assertThat(read.fingerprint()).isEqualTo(plan.fingerprint());
        }
    }

    @Test
    void read_goldenPlans_roundTripToEqualPlans() throws Exception {
        try (var files = Files.list(PlanGoldenTest.GOLDEN)) {
            for (var golden : files.filter(f -> f.toString().endsWith(".plan.json"))
                    .sorted()
                    .toList()) {
                Plan read = PlanCodec.read(golden.toString(), Files.readString(golden));
                assertThat(PlanCodec.read("again", PlanCodec.write(read)))
                        .as(golden.toString())
                        .isEqualTo(read);
                assertThat(PlanCodec.write(read) + "\n").isEqualTo(Files.readString(golden));
            }
        }
    }

    @Test
    void read_keepsMonitoringAndNotifications() {
        Plan read =
                PlanCodec.read("plan.json", PlanCodec.write(Plans.plan(Plans.EXAMPLES.resolve("auto-rollback.yaml"))));
        assertThat(read.runtime().monitoring().address()).contains("http://prometheus.monitoring.svc:9090");
        assertThat(read.runtime().monitoring().metric("errorRate"))
                .get()
                .satisfies(m -> assertThat(m.query()).isPresent());
        assertThat(read.runtime().notifications()).hasSize(2);
    }

    @Test
    void read_unknownAction_isRefusedNamingThePointer() {
        var json = PlanCodec.toJson(Plans.plan(PlannerTest.CANARY));
        ((tools.jackson.databind.node.ObjectNode) json.get("steps").get(2)).put("action", "launch-rockets");
        assertThatThrownBy(() -> PlanCodec.read("p.json", json))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("p.json is not a valid plan file")
                .hasMessageContaining("/steps/2/action");
    }

    @Test
    void read_unknownCompensationKind_isRefused() {
        var json = PlanCodec.toJson(Plans.plan(PlannerTest.CANARY));
        ((tools.jackson.databind.node.ObjectNode) json.get("steps").get(2).get("compensation")).put("kind", "MAGIC");
        assertThatThrownBy(() -> PlanCodec.read("p.json", json))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("/steps/2/compensation/kind");
    }

    /** The body of the first edit a plan's steps send, as the plan file holds it. */
    private static tools.jackson.databind.node.ObjectNode firstEdit(tools.jackson.databind.JsonNode json) {
        for (var step : json.get("steps")) {
            for (var o : step.get("objects")) {
                if (o.get("operation").asString().equals("edit")) {
                    return (tools.jackson.databind.node.ObjectNode) o.get("body");
                }
            }
        }
        throw new AssertionError("no edit in the plan");
    }

    @Test
    void read_unknownEditKind_isRefusedLikeAnUnknownAction() {
        var json = PlanCodec.toJson(Plans.plan(PlannerTest.CANARY));
        firstEdit(json).put("edit", "replace-everything");
        assertThatThrownBy(() -> PlanCodec.read("p.json", json))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("p.json is not a valid plan file")
                .hasMessageContaining("/body/edit");
    }

    @Test
    void read_editWithoutItsParameters_isRefusedNamingTheMember() {
        var json = PlanCodec.toJson(Plans.plan(PlannerTest.CANARY));
        firstEdit(json).remove("host");
        assertThatThrownBy(() -> PlanCodec.read("p.json", json))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("lacks the text member host");
    }

    @Test
    void read_editRoundTrips_toTheSameEdit() {
        Plan plan = Plans.plan(PlannerTest.CANARY);
        Plan read = PlanCodec.read("p.json", PlanCodec.write(plan));
        List<ObjectChange> edits = read.steps().stream()
                .flatMap(s -> s.objects().stream())
                .filter(o -> o.operation() == Operation.EDIT)
                .toList();
        assertThat(edits).isNotEmpty();
        assertThat(edits).allSatisfy(e -> assertThat(e.edit()).isPresent());
        assertThat(PlanCodec.write(read)).isEqualTo(PlanCodec.write(plan));
    }

    @Test
    void runtime_keepsEnvironmentReferencesAndMasksLiteralSecrets() {
        assertThat(PlanRuntime.url("https://hooks.slack.com/services/${env:SLACK_PATH}"))
                .isEqualTo("https://hooks.slack.com/services/${env:SLACK_PATH}");
        assertThat(PlanRuntime.url("https://oapi.dingtalk.com/robot/send?access_token=${env:DT_TOKEN}"))
                .isEqualTo("https://oapi.dingtalk.com/robot/send?access_token=${env:DT_TOKEN}");
        assertThat(PlanRuntime.url("https://hooks.slack.com/services/T000/B000/XXXXsecret"))
                .isEqualTo("https://hooks.slack.com/services/***");
        NotificationTarget t = new NotificationTarget(
                PlanRuntime.url("https://x.example.com/h?token=abc123"), List.of(), java.util.Map.of());
        assertThat(t.holdsMaskedSecret()).isTrue();
    }

    @Test
    void runtime_keepsHeaderReferencesBehindAnAuthorizationScheme_andMasksLiteralOnes() {
        assertThat(PlanRuntime.header("Authorization", "Bearer ${env:HOOK_TOKEN}"))
                .isEqualTo("Bearer ${env:HOOK_TOKEN}");
        assertThat(PlanRuntime.header("X-Api-Key", "${env:API_KEY}")).isEqualTo("${env:API_KEY}");
        assertThat(PlanRuntime.header("Authorization", "Bearer abc123")).isEqualTo("***");
        assertThat(PlanRuntime.header("Authorization", "Bearer abc123 ${env:HOOK_TOKEN}"))
                .isEqualTo("***");
        assertThat(PlanRuntime.header("X-Team", "payments")).isEqualTo("payments");
    }

    @Test
    void read_keepsFindingsAndWaivers() {
        Finding waived = Finding.error("window", "closed", "wait", new Location("a.yaml", 4, 1), "/spec/window")
                .waivedBy(new Waiver("hotfix", "ops", "2026-12-31"));
        Plan plan = new Planner()
                .plan(
                        Plans.load(PlannerTest.CANARY),
                        new PlanInputs(Plans.NOW, Plans.INPUTS.policySetDigest(), "0.0.0-test", List.of(waived)));
        Plan read = PlanCodec.read("plan.json", Plans.render(new JsonPlanRenderer(), plan));
        assertThat(read.findings()).containsExactly(waived);
    }

    @Test
    void read_notAPlan_isAUsageErrorNamingTheProblem() {
        assertThatThrownBy(() -> PlanCodec.read("x.json", "{ not json"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("x.json is not a");
        assertThatThrownBy(() ->
                        PlanCodec.read("x.json", "{\"apiVersion\": \"releasepolicy.dev/v1\", \"kind\": \"Release\"}"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("x.json is not a");
    }

    @Test
    void staleAgainst_namesWhatChanged() throws Exception {
        Plan plan = Plans.plan(PlannerTest.CANARY);
        Fingerprint same =
                Fingerprint.of(Plans.load(PlannerTest.CANARY).tree(), Plans.INPUTS.policySetDigest(), "0.0.0-test");
        assertThat(plan.fingerprint().staleAgainst(same)).isEmpty();
        String edited = Files.readString(PlannerTest.CANARY).replace("replicas: 6", "replicas: 8");
        Fingerprint manifestChanged =
                Fingerprint.of(Plans.load(edited).tree(), Plans.INPUTS.policySetDigest(), "0.0.0-test");
        assertThat(plan.fingerprint().staleAgainst(manifestChanged))
                .get()
                .asString()
                .contains("manifest changed");
        Fingerprint policiesChanged =
                Fingerprint.of(Plans.load(PlannerTest.CANARY).tree(), "sha256:" + "2".repeat(64), "0.0.0-test");
        assertThat(plan.fingerprint().staleAgainst(policiesChanged))
                .get()
                .asString()
                .contains("policy set changed");
        Fingerprint toolChanged =
                Fingerprint.of(Plans.load(PlannerTest.CANARY).tree(), Plans.INPUTS.policySetDigest(), "9.9.9");
        assertThat(plan.fingerprint().staleAgainst(toolChanged))
                .get()
                .asString()
                .contains("release-policy 0.0.0-test");
    }
}
