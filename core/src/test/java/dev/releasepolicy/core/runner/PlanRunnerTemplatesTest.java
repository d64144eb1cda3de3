package dev.releasepolicy.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.ToolVersion;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.PlanOptions;
import dev.releasepolicy.core.plan.Fingerprint;
import dev.releasepolicy.core.plan.MetricSpec;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PolicySetDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan} with the metric templates of a configuration: the user's path, full gate included. */
class PlanRunnerTemplatesTest {

    static final Path EXAMPLE = Path.of("..", "examples", "metric-templates");
    static final Instant NOW = Instant.parse("2026-12-01T15:00:00Z");

    record Options(Path manifest, Path config) implements PlanOptions {
        @Override
        public List<Path> policyDirs() {
            return List.of();
        }

        @Override
        public Optional<Path> configFile() {
            return Optional.of(config);
        }

        @Override
        public Optional<Instant> now() {
            return Optional.of(NOW);
        }

        @Override
        public String format() {
            return "text";
        }

        @Override
        public Optional<Path> output() {
            return Optional.empty();
        }
    }

    @Test
    void plan_holdsTheExpandedMetrics_andIsFingerprintedAsWritten() {
        Path release = EXAMPLE.resolve("release.yaml");
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome outcome =
                new PlanRunner().run(new Options(release, EXAMPLE.resolve(".release-policy.yaml")), out);
        assertThat(outcome.exitCode()).as(out.toString()).isEqualTo(ExitCode.OK);
        Plan plan = outcome.plan().orElseThrow();
        MetricSpec latency = plan.runtime().monitoring().metric("latencyP99").orElseThrow();
        assertThat(latency.query().orElseThrow()).contains("app=\"orders-api\",version=\"2.7.0\"");
        assertThat(latency.max().orElseThrow()).isEqualByComparingTo("0.3");
        assertThat(plan.runtime()
                        .monitoring()
                        .metric("successRate")
                        .orElseThrow()
                        .min()
                        .orElseThrow())
                .isEqualByComparingTo("0.99");
        // apply compares the plan with the manifest file as it is written, templates not expanded
        String asWritten = Fingerprint.of(
                        new ManifestLoader()
                                .load(release, release.toString())
                                .manifests()
                                .get(0)
                                .tree(),
                        PolicySetDigest.current(),
                        ToolVersion.get())
                .manifestDigest();
        assertThat(plan.fingerprint().manifestDigest()).isEqualTo(asWritten);
    }

    @Test
    void plan_aMissingArgument_isRefusedWithTheFindingInTheManifest(@TempDir Path dir) throws Exception {
        Path release = dir.resolve("release.yaml");
        Files.writeString(
                release,
                Files.readString(EXAMPLE.resolve("release.yaml"))
                        .replace("args: {service: orders-api, version: \"2.7.0\"}, max: 0.3", "args: {}, max: 0.3"));
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome outcome =
                new PlanRunner().run(new Options(release, EXAMPLE.resolve(".release-policy.yaml")), out);
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(outcome.plan()).isEmpty();
        assertThat(out.toString())
                .contains(release + ":45:")
                .contains("error: metric 'latencyP99' does not pass the arguments service, version of the template"
                        + " 'http-latency-p99'")
                .contains("[metric-template]");
    }

    @Test
    void plan_aTemplateNoManifestCanExpand_isRefusedWithTheFindingInTheConfiguration(@TempDir Path dir)
            throws Exception {
        Path config = dir.resolve(".release-policy.yaml");
        Files.writeString(
                config,
                Files.readString(EXAMPLE.resolve(".release-policy.yaml")).replace("{{args.version}}", "{{args.ver}}"));
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome outcome = new PlanRunner().run(new Options(EXAMPLE.resolve("release.yaml"), config), out);
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(out.toString())
                .contains(config + ":8:")
                .contains("metric template 'http-success-rate' uses {{args.ver}} but does not declare it in args"
                        + " [service, version]");
    }

    /**
     * The issue 17 example (examples/checks-canary/) passes the full gate with its folder's configuration and
     * its plan holds the error rate expanded from the template {@code http-error-rate} with its arguments.
     */
    @Test
    void checksCanary_plansWithItsConfiguration_errorRateFromTheTemplate() {
        Path folder = EXAMPLE.resolveSibling("checks-canary");
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome outcome = new PlanRunner()
                .run(new Options(folder.resolve("release.yaml"), folder.resolve(".release-policy.yaml")), out);
        assertThat(outcome.exitCode()).as(out.toString()).isEqualTo(ExitCode.OK);
        MetricSpec errorRate = outcome.plan()
                .orElseThrow()
                .runtime()
                .monitoring()
                .metric("errorRate")
                .orElseThrow();
        assertThat(errorRate.query().orElseThrow())
                .contains("app=\"orders-api\",version=\"2.8.0\",status=~\"5..\"")
                .doesNotContain("{{");
        assertThat(errorRate.max().orElseThrow()).isEqualByComparingTo("0.01");
        assertThat(errorRate.failureLimit()).contains(1);
    }
}
