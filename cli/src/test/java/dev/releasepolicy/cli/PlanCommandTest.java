package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PlanCommandTest {

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    static final Path EXAMPLES = Path.of("..", "examples");
    static final String NOW = "2026-12-01T15:00:00Z";

    @Test
    void plan_canaryExample_printsTheTextPlanAndExitsZero() {
        Run r = run("plan", "--now", NOW, EXAMPLES.resolve("canary-api.yaml").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("Release plan for orders-api-2-7-0")
                .contains("+ apps/v1 Deployment prod/orders-api-2-7-0")
                .contains("- apps/v1 Deployment prod/orders-api-2-6-3")
                .containsPattern("(?m)^Plan: 23 steps, 1 to create, \\d+ to change, 1 to delete");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void plan_twice_printsTheSameBytes() {
        for (String format : new String[] {"text", "json", "markdown"}) {
            Run a = run(
                    "plan",
                    "--now",
                    NOW,
                    "--format",
                    format,
                    EXAMPLES.resolve("blue-green-web.yaml").toString());
            Run b = run(
                    "plan",
                    "--now",
                    NOW,
                    "--format",
                    format,
                    EXAMPLES.resolve("blue-green-web.yaml").toString());
            assertThat(a.exit()).isZero();
            assertThat(b.out()).isEqualTo(a.out());
        }
    }

    @Test
    void plan_invalidManifest_isRefusedWithItsFindingsAndExitOne() {
        Path file = EXAMPLES.resolve("invalid/wrong-type-replicas.yaml");
        Run r = run("plan", "--now", NOW, file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .containsPattern("wrong-type-replicas\\.yaml:12:\\d+: error: .*\\[schema\\]")
                .contains("plan refused")
                .doesNotContain("Release plan for");
    }

    @Test
    void plan_invalidManifestAsJson_writesItsFindingsAsJsonOnStdoutAndTheRefusalOnStderr() {
        Path file = EXAMPLES.resolve("invalid/wrong-type-replicas.yaml");
        Run r = run("plan", "--now", NOW, "--format", "json", file.toString());

        assertThat(r.exit()).isEqualTo(1);
        JsonNode json = JsonMapper.builder().build().readTree(r.out());
        assertThat(json.at("/summary/errors").asInt()).isPositive();
        assertThat(json.at("/findings/0/policy").asString()).isEqualTo("schema");
        assertThat(r.out()).doesNotContain("plan refused");
        assertThat(r.err()).contains("plan refused");
    }

    @Test
    void plan_jsonToOutputFile_writesThePlanFileAndPrintsTheSummary(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out/plan.json");
        Run r = run(
                "plan",
                "--now",
                NOW,
                "--format",
                "json",
                "--output",
                out.toString(),
                EXAMPLES.resolve("auto-rollback.yaml").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Plan: ").contains("plan written to");
        assertThat(Files.readString(out)).contains("\"kind\" : \"Plan\"").contains("\"fingerprint\"");
    }

    @Test
    void plan_markdown_hasAMermaidFlowchartWithRollbackEdges() {
        Run r = run(
                "plan",
                "--now",
                NOW,
                "--format",
                "markdown",
                EXAMPLES.resolve("auto-rollback.yaml").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("```mermaid\nflowchart TD")
                .contains("-.->|rollback|")
                .contains("### Findings and waivers");
    }

    @Test
    void plan_unknownFormat_isAUsageError() {
        Run r = run(
                "plan", "--format", "yaml", EXAMPLES.resolve("canary-api.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown format 'yaml'").contains("text, json, markdown");
    }

    @Test
    void plan_missingFile_isAUsageError() {
        Run r = run("plan", "no-such-release.yaml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-release.yaml");
    }

    @Test
    void plan_fileWithTwoReleases_isAUsageError(@TempDir Path dir) throws Exception {
        String one = Files.readString(EXAMPLES.resolve("canary-api.yaml"));
        Path two = dir.resolve("two.yaml");
        Files.writeString(two, one + "\n---\n" + one.replace("name: orders-api-2-7-0", "name: orders-api-2-7-1"));
        Run r = run("plan", "--now", NOW, two.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("holds 2 release manifests");
    }

    @Test
    void plan_argoRollouts_printsTheObjectsOnStdout_andWhatArgoCannotExpressOnStderr() {
        Run r = run(
                "plan",
                "--now",
                NOW,
                "--format",
                "argo-rollouts",
                EXAMPLES.resolve("canary-api.yaml").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .startsWith("# Argo Rollouts objects for release orders-api-2-7-0")
                .contains("# Not expressed by Argo Rollouts")
                .contains("---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\n")
                .contains("templateName: orders-api-errorrate-latencyp99\n");
        assertThat(r.err())
                .contains("release-policy: the Argo Rollouts objects need or leave out")
                .contains("  - The release window (spec.window, Asia/Shanghai)")
                .contains("  - Approvals (spec.approvals: 1 of orders-lead)");
    }

    @Test
    void plan_argoRollouts_toOutputFile_writesTheObjects_andPrintsTheSummary(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rollout.yaml");
        Run r = run(
                "plan",
                "--now",
                NOW,
                "--format",
                "argo-rollouts",
                "--output",
                file.toString(),
                EXAMPLES.resolve("auto-rollback.yaml").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith("Plan: ").contains("(Argo Rollouts objects written to " + file + ")");
        assertThat(Files.readString(file)).contains("name: payments-service-automatic-rollback\n");
    }

    @Test
    void plan_argoRollouts_invalidManifest_isRefusedWithTextFindings() {
        Run r = run(
                "plan",
                "--now",
                NOW,
                "--format",
                "argo-rollouts",
                EXAMPLES.resolve("invalid/wrong-type-replicas.yaml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("error:").contains("plan refused").doesNotContain("kind: Rollout");
        assertThat(r.err()).contains("written to standard output as text");
    }

    @Test
    void planHelp_documentsTheArgoRolloutsFormat() {
        Run r = run("plan", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("argo-rollouts").contains("workloadRef").contains("AnalysisTemplates");
    }
}
