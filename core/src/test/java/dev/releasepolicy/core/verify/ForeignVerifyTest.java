package dev.releasepolicy.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.foreign.ForeignIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} over Argo Rollouts and Flagger objects (docs/argo-flagger.md): the same built-in policies as for
 * release manifests, every finding located in the Argo or Flagger file. Fixtures are in
 * {@code src/test/resources/foreign/}: {@code docs/} written again from Argo's and Flagger's documentation (the
 * source is in each file's first lines), {@code cases/} one change each from {@code good.yaml}, {@code bad/}
 * the bad input the issue names.
 */
class ForeignVerifyTest {

    static final Path ROOT = Path.of("src/test/resources/foreign");
    static final VerifyContext TUESDAY_BERLIN = new VerifyContext(Instant.parse("2026-12-01T10:00:00Z"));

    static List<String> lines(Path path, VerifyContext context) throws IOException {
        VerifyReport report = Verifiers.forExamples().verify(List.of(path), context);
        return report.findings().stream().map(ForeignVerifyTest::line).toList();
    }

    /** {@code LINE:COLUMN SEVERITY POLICY POINTER}, as the examples' .findings.txt files. */
    static String line(Finding f) {
        return f.location().line() + ":" + f.location().column() + " "
                + f.severity().label() + " " + f.policyId() + " " + f.pointer();
    }

    @Test
    void goodRollout_verifiesWithoutFindings() throws IOException {
        assertThat(lines(ROOT.resolve("cases/good.yaml"), TUESDAY_BERLIN)).isEmpty();
    }

    @Test
    void firstStepOf30Percent_isAStrategyErrorAtTheRolloutsSetWeight() throws IOException {
        VerifyReport report =
                Verifiers.forExamples().verify(List.of(ROOT.resolve("cases/first-step-30.yaml")), TUESDAY_BERLIN);
        assertThat(report.findings()).hasSize(1);
        Finding f = report.findings().get(0);
        assertThat(f.location().file()).endsWith("cases/first-step-30.yaml");
        assertThat(line(f)).isEqualTo("45:22 error strategy /spec/strategy/canary/steps/0/setWeight");
        assertThat(f.message()).contains("30%");
    }

    @Test
    void noErrorRateAnalysis_isAMonitoringErrorAtTheRolloutsFirstAnalysis() throws IOException {
        assertThat(lines(ROOT.resolve("cases/no-error-rate.yaml"), TUESDAY_BERLIN))
                .containsExactly("48:24 error monitoring /spec/strategy/canary/steps/2/analysis/templates");
    }

    @Test
    void rolloutInAFreeze_isAReleaseWindowErrorAtItsWindowAnnotation() throws IOException {
        VerifyContext inFreeze = new VerifyContext(Instant.parse("2026-12-22T10:00:00Z"));
        VerifyReport report = Verifiers.forExamples().verify(List.of(ROOT.resolve("cases/freeze.yaml")), inFreeze);
        assertThat(report.findings())
                .extracting(ForeignVerifyTest::line)
                .containsExactly("9:31 error release-window /metadata/annotations/releasepolicy.dev~1window");
        assertThat(report.findings().get(0).message()).contains("freeze (year-end freeze)");
        // The same Rollout outside the freeze passes: the freeze is what fails it.
        assertThat(lines(ROOT.resolve("cases/freeze.yaml"), TUESDAY_BERLIN)).isEmpty();
    }

    @Test
    void argoDocsWorkloadRef_readsTheDeploymentOfTheSameFile() throws IOException {
        List<String> found = lines(ROOT.resolve("docs/argo-migrating-workloadref.yaml"), ExamplesTest.CONTEXT);
        assertThat(found)
                .contains(
                        "20:22 error strategy /spec/strategy/canary/steps/0/setWeight",
                        "16:16 warning " + ForeignIds.NOT_CHECKED + " /spec/workloadRef/scaleDown",
                        "6:9 error release-window /metadata/name",
                        // The pod template is the Deployment's (document 2 of the file), located there.
                        "40:11 error workload-readiness /spec/template/spec/containers/0/readinessProbe")
                .allMatch(l -> !l.startsWith("0:"));
    }

    @Test
    void argoDocsBackgroundAnalysis_readsTheTemplateAndReportsStartingStep() throws IOException {
        List<String> found = lines(ROOT.resolve("docs/argo-background-analysis.yaml"), ExamplesTest.CONTEXT);
        assertThat(found)
                .contains(
                        "30:20 error strategy /spec/strategy/canary/steps/0/setWeight",
                        "25:23 warning " + ForeignIds.NOT_CHECKED + " /spec/strategy/canary/analysis/startingStep")
                // success-rate >= 0.95 is a success rate with a lower bound: evidence for the monitoring policy.
                .noneMatch(l -> l.contains("error monitoring"))
                .noneMatch(l -> l.contains(ForeignIds.REFERENCE) || l.contains(ForeignIds.UNUSED));
    }

    @Test
    void flaggerDocsCanary_readsTheTargetDeploymentAndItsWebhooks() throws IOException {
        List<String> found = lines(ROOT.resolve("docs/flagger-istio"), ExamplesTest.CONTEXT);
        assertThat(found)
                .contains(
                        "20:5 warning " + ForeignIds.NOT_CHECKED + " /spec/autoscalerRef",
                        "7:9 error release-window /metadata/name")
                // The pre-rollout acceptance test and the rollout load test are webhook checks (ForeignAnalysisTest).
                .noneMatch(l -> l.contains("/spec/analysis/webhooks"))
                // stepWeight 10 is a small first step; request-success-rate min 99 is an error rate of 1%.
                .noneMatch(l -> l.contains(" strategy /spec/analysis") || l.contains("monitoring /spec/analysis"));
    }

    @Test
    void flaggerStepWeightOf30_isAStrategyErrorAtStepWeight(@TempDir Path dir) throws IOException {
        Path folder = ROOT.resolve("docs/flagger-istio");
        for (String name : List.of("canary.yaml", "deployment.yaml")) {
            Files.writeString(
                    dir.resolve(name),
                    Files.readString(folder.resolve(name)).replace("stepWeight: 10", "stepWeight: 30"));
        }
        assertThat(lines(dir, ExamplesTest.CONTEXT)).contains("54:17 error strategy /spec/analysis/stepWeight");
    }

    @Test
    void badInput_isFindingsNeverACrash() throws IOException {
        assertThat(lines(ROOT.resolve("bad/unknown-api-version.yaml"), TUESDAY_BERLIN))
                .containsExactly("2:13 error " + ForeignIds.API_VERSION + " /apiVersion");
        assertThat(lines(ROOT.resolve("bad/unused-template.yaml"), TUESDAY_BERLIN))
                .containsExactly("5:9 warning " + ForeignIds.UNUSED + " /metadata/name");
        List<String> missing = lines(ROOT.resolve("bad/workloadref-missing.yaml"), TUESDAY_BERLIN);
        assertThat(missing)
                .contains("11:11 error " + ForeignIds.REFERENCE + " /spec/workloadRef/name")
                // setCanaryScale appears twice and is reported once.
                .containsOnlyOnce(
                        "17:27 warning " + ForeignIds.NOT_CHECKED + " /spec/strategy/canary/steps/2/setCanaryScale")
                .noneMatch(l -> l.contains("/spec/image") || l.contains("image-pinned"));
        assertThat(lines(ROOT.resolve("bad/bad-annotation.yaml"), TUESDAY_BERLIN))
                .contains(
                        "7:31 error " + ForeignIds.ANNOTATION + " /metadata/annotations/releasepolicy.dev~1window",
                        "8:30 warning " + ForeignIds.ANNOTATION + " /metadata/annotations/releasepolicy.dev~1owner");
    }

    @Test
    void examples_argoRolloutAndFlaggerCanary_verifyWithoutFindings() throws IOException {
        for (String folder : List.of("argo-rollout", "flagger-canary")) {
            VerifyReport report = Verifiers.forExamples()
                    .verify(List.of(ExamplesTest.EXAMPLES.resolve(folder)), ExamplesTest.CONTEXT);
            assertThat(report.manifests()).as(folder).hasSize(1);
            assertThat(report.findings()).as(folder).isEmpty();
        }
        // Together (README's command): each object reads the Deployment "orders-api" of its own folder.
        VerifyReport both = Verifiers.forExamples()
                .verify(
                        List.of(
                                ExamplesTest.EXAMPLES.resolve("argo-rollout"),
                                ExamplesTest.EXAMPLES.resolve("flagger-canary")),
                        ExamplesTest.CONTEXT);
        assertThat(both.manifests()).hasSize(2);
        assertThat(both.findings()).isEmpty();
    }

    @Test
    void releaseNamingItsRollout_isCheckedOnce_withEachFindingInTheFileItsValueCameFrom() throws IOException {
        VerifyReport report = Verifiers.forExamples().verify(List.of(ROOT.resolve("named")), TUESDAY_BERLIN);
        // One result: the release manifest; the Rollout it names is checked through it, not on its own.
        assertThat(report.manifests()).extracting(ManifestResult::name).containsExactly("payments-api-4-2-0");
        assertThat(report.findings())
                .extracting(
                        f -> f.location().file().substring(f.location().file().lastIndexOf('/') + 1) + ":" + line(f))
                .containsExactly("rollout.yaml:32:22 error strategy /spec/strategy/canary/steps/0/setWeight");
    }

    @Test
    void releaseNamingARolloutNotInTheSet_isAReferenceError(@TempDir Path dir) throws IOException {
        Files.copy(ROOT.resolve("named/release.yaml"), dir.resolve("release.yaml"));
        assertThat(lines(dir.resolve("release.yaml"), TUESDAY_BERLIN))
                .contains("12:14 error " + ForeignIds.REFERENCE + " /spec/workload/rollout");
    }

    @Test
    void folderOfRolloutsOnly_isNoLongerNoReleaseManifestFound() throws IOException {
        VerifyReport report = Verifiers.forExamples().verify(List.of(ROOT.resolve("cases")), TUESDAY_BERLIN);
        assertThat(report.manifests()).hasSize(4);
        assertThat(report.files()).isEmpty();
    }
}
