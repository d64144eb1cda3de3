package dev.releasepolicy.core.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.PlanOptions;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanGate;
import dev.releasepolicy.core.plan.Planner;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanRunnerTest {

    record Options(Path manifest, String format, Optional<Instant> now) implements PlanOptions {
        @Override
        public List<Path> policyDirs() {
            return List.of();
        }

        @Override
        public Optional<Path> configFile() {
            return Optional.empty();
        }

        @Override
        public Optional<Path> output() {
            return Optional.empty();
        }
    }

    static final Path CANARY_MANIFEST = Path.of("..", "examples", "canary-api.yaml");
    static final Instant NOW = Instant.parse("2026-12-01T15:00:00Z");
    static final Options CANARY = new Options(CANARY_MANIFEST, "text", Optional.of(NOW));

    static PlanGate gateWith(Finding finding) {
        return (options, now) -> new PlanGate.Verdict(
                new VerifyReport(
                        List.of(),
                        List.of(new ManifestResult(
                                options.manifest().toString(), 0, "orders-api-2-7-0", List.of(finding)))),
                "sha256:" + "a".repeat(64));
    }

    @Test
    void run_warningFromTheGate_plansAndShowsTheWarningAndTheGatesDigest() {
        Finding warning = Finding.warning("monitoring", "no runbook", "add one", new Location("c.yaml", 2, 3), "/spec");
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome outcome =
                new PlanRunner(gateWith(warning), new Planner(), Clock.systemUTC()).run(CANARY, out);
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.OK);
        Plan plan = outcome.plan().orElseThrow();
        assertThat(plan.findings()).containsExactly(warning);
        assertThat(plan.fingerprint().policySetDigest()).isEqualTo("sha256:" + "a".repeat(64));
        assertThat(out).contains("c.yaml:2:3: warning: no runbook [monitoring]");
    }

    @Test
    void run_errorFromTheGate_refusesWithTheFindingsAndExitOne() {
        Finding error = Finding.error(
                "rollback-plan",
                "no rollback target",
                "set spec.rollback.to",
                new Location("c.yaml", 9, 1),
                "/spec/rollback");
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome outcome = new PlanRunner(gateWith(error), new Planner(), Clock.systemUTC()).run(CANARY, out);
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(outcome.exitCode().code()).isEqualTo(1);
        assertThat(outcome.plan()).isEmpty();
        assertThat(out)
                .contains("c.yaml:9:1: error: no rollback target [rollback-plan]")
                .contains("plan refused")
                .doesNotContain("Release plan");
    }

    @Test
    void run_withoutNow_readsTheClockOnce() {
        Clock fixed = Clock.fixed(Instant.parse("2026-12-02T16:00:00Z"), java.time.ZoneOffset.UTC);
        PlanRunner.Outcome outcome = new PlanRunner(PlanGate.schemaOnly(), new Planner(), fixed)
                .run(new Options(CANARY_MANIFEST, "json", Optional.empty()), new StringBuilder());
        assertThat(outcome.plan().orElseThrow().timeline().now()).isEqualTo(Instant.parse("2026-12-02T16:00:00Z"));
    }

    @Test
    void run_clockWithNanoseconds_plansToTheSecond() {
        Clock fixed = Clock.fixed(Instant.parse("2026-12-02T16:00:00.123456789Z"), java.time.ZoneOffset.UTC);
        PlanRunner.Outcome outcome = new PlanRunner(PlanGate.schemaOnly(), new Planner(), fixed)
                .run(new Options(CANARY_MANIFEST, "json", Optional.empty()), new StringBuilder());
        assertThat(outcome.plan().orElseThrow().timeline().now()).isEqualTo(Instant.parse("2026-12-02T16:00:00Z"));
    }

    @Test
    void run_planThatDoesNotFitItsWindow_isAFindingWithTheExitCodeOfFindings_andAStartThatWorks() {
        // Tue 01:00 in Shanghai: the window closes at 02:00, the canary needs 1h30m20s. The gate lets it
        // through (as a waived or disabled release-window policy would); the plan must not.
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome outcome = new PlanRunner(CLEAN_GATE, new Planner(), Clock.systemUTC())
                .run(new Options(CANARY_MANIFEST, "text", Optional.of(Instant.parse("2026-12-01T17:00:00Z"))), out);

        assertThat(outcome.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(outcome.plan()).isEmpty();
        assertThat(outcome.report().errors()).isEqualTo(1);
        assertThat(outcome.report().findings()).singleElement().satisfies(f -> {
            assertThat(f.policyId()).isEqualTo("plan");
            assertThat(f.pointer()).isEqualTo("/spec/window/allow");
            assertThat(f.message())
                    .contains("at least 1h30m20s")
                    .contains("closes at 2026-12-01T18:00:00Z (1h later)")
                    .doesNotContain("PT");
            // Not "start at 17:00", the instant that fails: the next opening long enough.
            assertThat(f.hint())
                    .contains(
                            "start at or after Wed 2026-12-02 22:00 Asia/Shanghai, that is --now 2026-12-02T14:00:00Z");
        });
        assertThat(out).contains("plan refused").doesNotContain("does NOT fit");
    }

    @Test
    void run_unknownFormat_isAUsageError() {
        assertThatThrownBy(() -> new PlanRunner()
                        .run(new Options(CANARY_MANIFEST, "sarif", Optional.of(NOW)), new StringBuilder()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("text, json, markdown");
    }

    @Test
    void folder_withOneRelease_isPlanned_withSeveral_isAUsageErrorNamingThem(@TempDir Path dir) throws Exception {
        Path examples = Path.of("..", "examples");
        // A release beside the team's k8s/ files: the folder names one release, which is planned.
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome one = new PlanRunner(CLEAN_GATE, new Planner(), Clock.systemUTC())
                .run(new Options(examples.resolve("gateway-workload"), "text", Optional.of(NOW)), out);
        assertThat(one.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(out).contains("Release plan for checkout-4-2-0");
        Files.copy(examples.resolve("canary-api.yaml"), dir.resolve("canary-api.yaml"));
        Files.copy(examples.resolve("blue-green-web.yaml"), dir.resolve("blue-green-web.yaml"));
        assertThatThrownBy(() -> new PlanRunner(CLEAN_GATE, new Planner(), Clock.systemUTC())
                        .run(new Options(dir, "text", Optional.of(NOW)), new StringBuilder()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("is a folder with 2 release manifests")
                .hasMessageContaining("blue-green-web.yaml")
                .hasMessageContaining("canary-api.yaml")
                .hasMessageContaining("run plan once for each file");
    }

    static final PlanGate CLEAN_GATE =
            (options, now) -> new PlanGate.Verdict(new VerifyReport(List.of(), List.of()), "sha256:" + "b".repeat(64));

    /** A release without rollback.to whose workload is a Deployment file with the given pod template labels. */
    static Options releaseWithoutRollbackTo(Path dir, String templateLabels) throws IOException {
        Files.createDirectories(dir.resolve("k8s"));
        Files.writeString(dir.resolve("k8s/shop.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: shop, labels: {app: shop}}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: shop}}
                  template:
                    metadata: {labels: %s}
                    spec:
                      containers: [{name: shop, image: "registry.example.com/shop:1.9.0"}]
                """.formatted(templateLabels));
        Path release = dir.resolve("release.yaml");
        Files.writeString(release, """
                apiVersion: releasepolicy.dev/v1
                kind: Release
                metadata: {name: shop-2-0-0}
                spec:
                  application: shop
                  version: "2.0.0"
                  image: registry.example.com/shop:2.0.0
                  replicas: 5
                  workload: {manifest: k8s/shop.yaml}
                  strategy: {type: Canary, canary: {steps: [{setWeight: 20}, {pause: {}}, {setWeight: 100}]}}
                  rollback: {image: "registry.example.com/shop:1.9.0"}
                """);
        return new Options(release, "text", Optional.of(NOW));
    }

    @Test
    void run_withoutRollbackTo_takesTheRunningVersionFromTheDeploymentFile_andSaysSo(@TempDir Path dir)
            throws Exception {
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome outcome = new PlanRunner(CLEAN_GATE, new Planner(), Clock.systemUTC())
                .run(releaseWithoutRollbackTo(dir, "{app: shop, version: \"1.9.0\"}"), out);
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.OK);
        Plan plan = outcome.plan().orElseThrow();
        assertThat(plan.steps().get(0).description())
                .contains("the rollback target is 1.9.0, the running version (the version label of the pod template"
                        + " in ")
                .endsWith("shop.yaml), as spec.rollback.to is not set");
        // The weight step now scales the running version it names: the team's own Deployment, whose pod
        // template carries that version, not a release-made shop-1-9-0.
        assertThat(out)
                .contains("Send 20% of the traffic to 2.0.0 by pod count: 1 of 5 pods, 20%; 4 stay on shop 1.9.0");
        assertThat(out).contains("~ apps/v1 Deployment default/shop\n").doesNotContain("shop-1-9-0");
    }

    @Test
    void run_withoutRollbackTo_andNoVersionLabel_isRefusedWithAFindingThatSaysWhy(@TempDir Path dir) throws Exception {
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome outcome = new PlanRunner(CLEAN_GATE, new Planner(), Clock.systemUTC())
                .run(releaseWithoutRollbackTo(dir, "{app: shop}"), out);
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(outcome.plan()).isEmpty();
        assertThat(out)
                .contains("no rollback target: spec.rollback.to is not set and the running version cannot be known")
                .contains("has no version label in its pod template")
                .contains("plan refused");
    }

    @Test
    void run_argoRollouts_writesTheRolloutAndItsTemplates_andNotesWhatArgoCannotExpress() {
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome outcome = new PlanRunner(CLEAN_GATE, new Planner(), Clock.systemUTC())
                .run(new Options(CANARY_MANIFEST, "argo-rollouts", Optional.of(NOW)), out);

        assertThat(outcome.exitCode()).isEqualTo(ExitCode.OK);
        String yaml = out.toString();
        assertThat(yaml)
                .startsWith("# Argo Rollouts objects for release orders-api-2-7-0 (orders-api 2.7.0 in namespace prod,")
                .contains(outcome.plan().orElseThrow().shortFingerprint() + ")")
                .contains("\n---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\n")
                .contains("kind: AnalysisTemplate\n")
                .doesNotContain("Release plan");
        assertThat(outcome.notes())
                .anySatisfy(n -> assertThat(n).startsWith("The release window (spec.window, Asia/Shanghai)"))
                .anySatisfy(n -> assertThat(n).startsWith("Approvals (spec.approvals: 1 of orders-lead)"))
                .anySatisfy(n -> assertThat(n).startsWith("The audit trail"));
        // Each note is in the comment at the top too (wrapped there): compare without the comment marks.
        String comment = yaml.substring(0, yaml.indexOf("\n---\n"))
                .replaceAll("\n#(   - |     )", " ")
                .replace("\n#", "");
        outcome.notes().forEach(n -> assertThat(comment).contains(n));
    }

    @Test
    void run_argoRollouts_withTheTeamsDeploymentFile_refersToIt_andSaysToSetItsImage() {
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome outcome = new PlanRunner(CLEAN_GATE, new Planner(), Clock.systemUTC())
                .run(
                        new Options(Path.of("..", "examples", "gateway-workload"), "argo-rollouts", Optional.of(NOW)),
                        out);

        assertThat(outcome.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(out)
                .contains("  workloadRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: checkout\n")
                .doesNotContain("  template:\n");
        assertThat(outcome.notes().get(0))
                .startsWith("Argo rolls out what the pod template of Deployment checkout (")
                .contains("set image deployment/checkout checkout=registry.example.com/shop/checkout:4.2.0");
    }

    @Test
    void run_argoRollouts_refused_writesTheFindingsAsText_andNoObjects() {
        Finding error = Finding.error(
                "release-window", "in a freeze", "wait", new Location("c.yaml", 30, 7), "/spec/window/deny/0");
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome outcome = new PlanRunner(gateWith(error), new Planner(), Clock.systemUTC())
                .run(new Options(CANARY_MANIFEST, "argo-rollouts", Optional.of(NOW)), out);

        assertThat(outcome.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(outcome.notes()).isEmpty();
        assertThat(out)
                .contains("c.yaml:30:7: error: in a freeze [release-window]")
                .contains("plan refused")
                .doesNotContain("kind: Rollout");
    }
}
