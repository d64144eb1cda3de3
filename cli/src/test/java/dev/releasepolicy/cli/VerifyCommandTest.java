package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

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
    void verify_validExamples_exitsZeroWithSummary() {
        Run r = run(
                "verify",
                "--now",
                NOW,
                EXAMPLES.resolve("blue-green-web.yaml").toString(),
                EXAMPLES.resolve("canary-api.yaml").toString(),
                EXAMPLES.resolve("auto-rollback.yaml").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("3 manifests, 0 errors");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void verify_wrongTypeOnLine12_reportsFileLineColumnAndPointer() {
        Path file = EXAMPLES.resolve("invalid/wrong-type-replicas.yaml");
        Run r = run("verify", "--now", NOW, file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).containsPattern("wrong-type-replicas\\.yaml:12:\\d+: error: .*\\[schema\\]");
        assertThat(r.out()).contains("at:   /spec/replicas").contains("hint: ");
    }

    @Test
    void verify_malformedFileAmongGoodOnes_exitsOneAndStillReportsTheGoodOnes(@TempDir Path dir) throws Exception {
        Files.copy(EXAMPLES.resolve("canary-api.yaml"), dir.resolve("a-good.yaml"));
        Files.writeString(dir.resolve("b-broken.yaml"), "kind: Release\nspec: {unclosed: 1\n");
        Files.copy(EXAMPLES.resolve("blue-green-web.yaml"), dir.resolve("c-good.yaml"));
        Run r = run("verify", "--now", NOW, "--format", "json", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("a-good.yaml").contains("c-good.yaml").contains("b-broken.yaml");
        assertThat(r.out()).contains("\"manifests\" : 2");
        assertThat(r.out()).contains("\"policy\" : \"yaml\"");
    }

    @Test
    void verify_folderWithOtherYaml_checksOnlyReleaseManifests(@TempDir Path dir) throws Exception {
        Files.copy(EXAMPLES.resolve("canary-api.yaml"), dir.resolve("release.yaml"));
        Files.writeString(dir.resolve("deployment.yaml"), "apiVersion: apps/v1\nkind: Deployment\n");
        Run r = run("verify", "--now", NOW, dir.toString());
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("1 manifest, 0 errors");
    }

    @Test
    void verify_missingPath_isAUsageErrorWithoutStackTrace() {
        Run r = run("verify", "no/such/file.yaml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no/such/file.yaml: no such file or directory");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void verify_unknownFormat_isAUsageError() {
        Run r = run(
                "verify",
                "--format",
                "yaml",
                EXAMPLES.resolve("canary-api.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown format 'yaml'");
    }

    @Test
    void verify_badNow_isAUsageErrorWithAnExample() {
        Run r = run(
                "verify",
                "--now",
                "tomorrow",
                EXAMPLES.resolve("canary-api.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--now").contains("2026-12-01T15:00:00Z");
    }

    @Test
    void verify_noArguments_isAUsageError() {
        Run r = run("verify");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("PATH");
    }

    @Test
    void verify_help_explainsEachOptionWithAnExample() {
        Run r = run("verify", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("--now")
                .contains("e.g. --now 2026-12-01T15:00:00Z")
                .contains("--format")
                .contains("--policies")
                .contains("--config")
                .contains("--output")
                .contains("--fail-on-warn")
                .contains("Exit codes");
    }

    @Test
    void verify_outputFile_writesReportAndPrintsSummary(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report/findings.json");
        Run r = run(
                "verify",
                "--now",
                NOW,
                "--format",
                "json",
                "--output",
                out.toString(),
                EXAMPLES.resolve("invalid/wrong-type-replicas.yaml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(Files.readString(out)).contains("/spec/replicas");
        assertThat(r.out()).contains("1 manifest, ").contains("report written to");
    }

    @Test
    void verify_sarifFormat_givesSarifWithTheSchemaFinding() {
        Run r = run(
                "verify",
                "--now",
                NOW,
                "--format",
                "sarif",
                EXAMPLES.resolve("invalid/wrong-type-replicas.yaml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .contains("\"version\" : \"2.1.0\"")
                .contains("\"ruleId\" : \"schema\"")
                .contains("\"startLine\" : 12");
    }

    @Test
    void verify_junitFormat_givesOneFailingTestCase() {
        Run r = run(
                "verify",
                "--now",
                NOW,
                "--format",
                "junit",
                EXAMPLES.resolve("invalid/wrong-type-replicas.yaml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .startsWith("<?xml")
                .contains("<testsuites name=\"release-policy\" tests=\"1\" failures=\"1\"")
                .contains("type=\"release-policy.schema\"");
    }

    @Test
    void verify_githubFormat_givesAnErrorAnnotationAndTheSummary() {
        Run r = run(
                "verify",
                "--now",
                NOW,
                "--format",
                "github",
                EXAMPLES.resolve("invalid/wrong-type-replicas.yaml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .containsPattern(
                        "(?m)^::error file=\\.\\./examples/invalid/wrong-type-replicas\\.yaml,line=12,col=\\d+,title=schema::")
                .contains("1 manifest, 1 error");
    }

    @Test
    void verify_secondRunWithTheCache_saysCachedAndReportsTheSame(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        String file = EXAMPLES.resolve("canary-api.yaml").toString();
        Run first = run("verify", "--now", NOW, "--format", "json", "--cache", cache.toString(), file);
        Run second = run("verify", "--now", NOW, "--format", "json", "--cache", cache.toString(), file);
        Run none = run("verify", "--now", NOW, "--format", "json", "--no-cache", file);
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("\"cached\" : false");
        assertThat(second.out()).contains("\"cached\" : true");
        assertThat(second.out().replace("\"cached\" : true", "\"cached\" : false"))
                .isEqualTo(none.out());
        assertThat(cache).isDirectory();
    }

    @Test
    void verify_cacheAndNoCache_isAUsageError(@TempDir Path dir) {
        Run r = run(
                "verify",
                "--cache",
                dir.toString(),
                "--no-cache",
                EXAMPLES.resolve("canary-api.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--cache and --no-cache");
    }

    /**
     * {@code --config} names a configuration that includes its templates: the included file is found beside
     * the configuration (the working directory here is cli/), for verify and plan alike.
     */
    @Test
    void verifyAndPlan_configIncludingItsTemplates_readsThemRelativeToTheConfiguration() {
        Path folder = EXAMPLES.resolve("checks-canary");
        String config = folder.resolve(".release-policy.yaml").toString();
        String release = folder.resolve("release.yaml").toString();
        Run verified = run("verify", "--now", NOW, "--config", config, release);
        assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
        assertThat(verified.out()).contains("1 manifest, 0 errors");
        Run planned = run("plan", "--now", NOW, "--config", config, "--format", "json", release);
        assertThat(planned.exit()).as(planned.out() + planned.err()).isZero();
        assertThat(planned.out()).contains("version=\\\"2.8.0\\\",status=~\\\"5..\\\"");
    }

    @Test
    void verify_anIncludeCycle_isAFindingAtTheInclude_exitOne(@TempDir Path dir) throws Exception {
        Path config = dir.resolve(".release-policy.yaml");
        Files.writeString(config, "include: [templates.yaml]\n");
        Files.writeString(dir.resolve("templates.yaml"), "metricTemplates: {}\ninclude: [.release-policy.yaml]\n");
        Run r = run(
                "verify",
                "--now",
                NOW,
                "--config",
                config.toString(),
                EXAMPLES.resolve("canary-api.yaml").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out())
                .contains(dir.resolve("templates.yaml") + ":2:11: error: include cycle: " + config + " -> "
                        + dir.resolve("templates.yaml") + " -> " + config)
                .contains("[config]");
    }
}
