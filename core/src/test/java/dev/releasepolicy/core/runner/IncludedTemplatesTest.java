package dev.releasepolicy.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.plan.MetricSpec;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.verify.FileResult;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metric templates from a file the configuration includes, on the user's path: {@code verify} and
 * {@code plan} with the full gate, the verify cache, and the plan's policy set digest. The example
 * examples/checks-canary/ keeps its templates in metric-templates.yaml, included by its
 * .release-policy.yaml.
 */
class IncludedTemplatesTest {

    static final Path EXAMPLE = Path.of("..", "examples", "checks-canary");
    static final Instant NOW = PlanRunnerTemplatesTest.NOW;

    @TempDir
    Path tmp;

    Path folder;
    Path release;
    Path config;
    Path templates;

    @BeforeEach
    void copyExample() throws Exception {
        folder = tmp.resolve("checks-canary");
        Files.createDirectories(folder);
        for (String name : List.of("release.yaml", ".release-policy.yaml", "metric-templates.yaml")) {
            Files.copy(EXAMPLE.resolve(name), folder.resolve(name));
        }
        release = folder.resolve("release.yaml");
        config = folder.resolve(".release-policy.yaml");
        templates = folder.resolve("metric-templates.yaml");
    }

    private VerifyRunner.Outcome verify(Path configFile, Optional<Path> cache) {
        return new VerifyRunner()
                .run(
                        new VerifyCacheTest.Opts(
                                List.of(release), List.of(), Optional.of(configFile), Optional.of(NOW), cache),
                        new StringBuilder());
    }

    private PlanRunner.Outcome plan(Path configFile, StringBuilder out) {
        return new PlanRunner().run(new PlanRunnerTemplatesTest.Options(release, configFile), out);
    }

    private static MetricSpec errorRate(Plan plan) {
        return plan.runtime().monitoring().metric("errorRate").orElseThrow();
    }

    @Test
    void theExample_templateFromTheIncludedFile_verifiesAndPlans_fromAnotherWorkingDirectory() throws Exception {
        // the working directory is core/: metric-templates.yaml is found beside the configuration
        VerifyRunner.Outcome verified = verify(EXAMPLE.resolve(".release-policy.yaml"), Optional.empty());
        assertThat(verified.report().errors())
                .as(verified.report().findings().toString())
                .isZero();
        assertThat(verified.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(EXAMPLE.resolve(".release-policy.yaml")))
                .as("the example's configuration defines no template itself")
                .doesNotContain("metricTemplates:");
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome planned = plan(EXAMPLE.resolve(".release-policy.yaml"), out);
        assertThat(planned.exitCode()).as(out.toString()).isEqualTo(ExitCode.OK);
        MetricSpec errorRate = errorRate(planned.plan().orElseThrow());
        assertThat(errorRate.query().orElseThrow()).contains("app=\"orders-api\",version=\"2.8.0\"");
        assertThat(errorRate.max().orElseThrow()).isEqualByComparingTo("0.01");
    }

    @Test
    void changingOnlyTheIncludedFile_changesThePlansDigest_andMissesTheWarmVerifyCache() throws Exception {
        Path cache = tmp.resolve("cache");
        StringBuilder out = new StringBuilder();
        Plan before = plan(config, out).plan().orElseThrow();
        assertThat(errorRate(before).max().orElseThrow()).isEqualByComparingTo("0.01");
        verify(config, Optional.of(cache));
        VerifyReport warm = verify(config, Optional.of(cache)).report();
        assertThat(warm.manifests()).singleElement().matches(ManifestResult::cached);

        // the threshold changes in the included file only
        String original = Files.readString(templates);
        Files.writeString(templates, original.replace("max: 0.01", "max: 0.02"));
        Plan after = plan(config, out).plan().orElseThrow();
        assertThat(errorRate(after).max().orElseThrow()).isEqualByComparingTo("0.02");
        assertThat(after.fingerprint().policySetDigest())
                .isNotEqualTo(before.fingerprint().policySetDigest());
        assertThat(after.fingerprint().value())
                .isNotEqualTo(before.fingerprint().value());
        assertThat(verify(config, Optional.of(cache)).report().manifests())
                .singleElement()
                .matches(m -> !m.cached(), "checked again, not taken from the cache");

        // the template now needs an argument the manifest does not pass: a warm cache must not hide it
        verify(config, Optional.of(cache));
        Files.writeString(
                templates,
                original.replace("args: [service, version]", "args: [service, version, region]")
                        .replace("status=~", "region=\"{{args.region}}\",status=~"));
        VerifyRunner.Outcome changed = verify(config, Optional.of(cache));
        assertThat(changed.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(changed.report().manifests()).singleElement().satisfies(m -> {
            assertThat(m.cached()).isFalse();
            assertThat(m.findings())
                    .anySatisfy(f -> assertThat(f.message())
                            .isEqualTo("metric 'errorRate' does not pass the argument region of the template"
                                    + " 'http-error-rate'"));
        });
        assertThat(changed.report().findings())
                .isEqualTo(verify(config, Optional.empty()).report().findings());
    }

    @Test
    void aProblemInTheIncludedFile_failsVerify_andRefusesThePlan_atItsPlace() throws Exception {
        Files.writeString(templates, Files.readString(templates) + "waivers: []\n");
        String name = templates.toString().replace('\\', '/');
        int line = (int) Files.readString(templates).lines().count();
        VerifyRunner.Outcome verified = verify(config, Optional.empty());
        assertThat(verified.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(verified.report().files()).singleElement().satisfies((FileResult f) -> {
            assertThat(f.file()).isEqualTo(name);
            assertThat(f.findings()).singleElement().satisfies(finding -> {
                assertThat(finding.policyId()).isEqualTo("config");
                assertThat(finding.location().toString()).isEqualTo(name + ":" + line + ":1");
            });
        });
        StringBuilder out = new StringBuilder();
        PlanRunner.Outcome planned = plan(config, out);
        assertThat(planned.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(planned.plan()).isEmpty();
        assertThat(out.toString())
                .contains(name + ":" + line + ":1")
                .contains("an included file holds only metricTemplates and include, not 'waivers'");
    }

    @Test
    void aMissingIncludedFile_failsVerify_atTheIncludeEntry() throws Exception {
        Files.delete(templates);
        VerifyRunner.Outcome verified = verify(config, Optional.empty());
        assertThat(verified.exitCode()).isEqualTo(ExitCode.FINDINGS);
        String configName = config.toString().replace('\\', '/');
        int line = (int) Files.readString(config)
                        .lines()
                        .takeWhile(l -> !l.startsWith("include:"))
                        .count()
                + 1;
        assertThat(verified.report().files())
                .filteredOn(f -> f.file().equals(configName))
                .singleElement()
                .satisfies(f -> assertThat(f.findings()).singleElement().satisfies(finding -> {
                    assertThat(finding.message()).endsWith("metric-templates.yaml does not exist");
                    assertThat(finding.location().toString()).isEqualTo(configName + ":" + line + ":11");
                }));
    }
}
