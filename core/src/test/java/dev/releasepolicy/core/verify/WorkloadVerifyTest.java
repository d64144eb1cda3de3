package dev.releasepolicy.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.policy.PolicyCheck;
import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.policy.WindowContext;
import dev.releasepolicy.core.report.ReportFormats;
import dev.releasepolicy.core.runner.VerifyRunner;
import dev.releasepolicy.core.schema.SchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} end to end over a release that names its own Deployment file
 * ({@code src/test/resources/workload/e2e/}): findings of the workload policies are reported in the
 * Deployment file, in every report format, and a Deployment that breaks the Kubernetes schema is a
 * finding there too.
 */
class WorkloadVerifyTest {

    static final String DIR = "src/test/resources/workload/e2e/";

    static String line(Finding f) {
        return f.location() + " " + f.severity().label() + " " + f.policyId() + " " + f.pointer();
    }

    @Test
    void verify_workloadPolicyFindings_areLocatedInTheDeploymentFile() throws IOException {
        VerifyReport report =
                Verifiers.forExamples().verify(List.of(Path.of(DIR + "release.yaml")), ExamplesTest.CONTEXT);

        assertThat(report.findings())
                .extracting(WorkloadVerifyTest::line)
                .containsExactly(
                        DIR + "k8s/orders-api.yaml:17:11 error workload-readiness"
                                + " /spec/template/spec/containers/0/readinessProbe",
                        DIR + "k8s/orders-api.yaml:28:13 warning workload-resources"
                                + " /spec/template/spec/containers/0/resources/limits/memory");
        assertThat(VerifyRunner.exitCode(report, false)).isEqualTo(ExitCode.FINDINGS);
        Finding readiness = report.findings().get(0);
        assertThat(readiness.message())
                .isEqualTo("container 'orders-api' of Deployment orders-api has no readinessProbe: new pods get traffic"
                        + " before they are ready");

        StringBuilder text = new StringBuilder();
        ReportFormats.byName("text").orElseThrow().write(report, text);
        assertThat(text.toString()).startsWith(DIR + "k8s/orders-api.yaml:17:11: error: container 'orders-api'");
        for (String format : List.of("json", "sarif", "junit", "github")) {
            StringBuilder out = new StringBuilder();
            ReportFormats.byName(format).orElseThrow().write(report, out);
            assertThat(out.toString()).as(format).contains(DIR + "k8s/orders-api.yaml");
        }
    }

    @Test
    void verify_deploymentBreakingTheKubernetesSchema_isAnErrorInThatFileAndNoCrash() throws IOException {
        VerifyReport report =
                Verifiers.forExamples().verify(List.of(Path.of(DIR + "invalid-workload.yaml")), ExamplesTest.CONTEXT);

        assertThat(report.findings())
                .extracting(WorkloadVerifyTest::line)
                .containsExactly(DIR + "k8s/invalid.yaml:17:11 error schema /spec/template/spec/containers/0/resource");
        assertThat(report.findings().get(0).hint()).startsWith("did you mean 'resources'?");
        assertThat(VerifyRunner.exitCode(report, false)).isEqualTo(ExitCode.FINDINGS);
    }

    @Test
    void verify_rulesAndWaiversOfTheConfiguration_applyToWorkloadPolicies(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve(".release-policy.yaml"), """
                rules:
                  workload-resources: {severity: error, params: {limits: [cpu, memory]}}
                waivers:
                  - policy: workload-readiness
                    manifest: "**/e2e/release.yaml"
                    reason: probes come with the 2.8 rewrite
                    owner: orders-team
                    expires: "2027-03-31"
                """);
        SchemaValidator schema = SchemaValidator.releaseManifest();
        VerifyReport report;
        try (PolicyCheck policies = PolicyCheck.create(List.of(), PolicyConfig.load(config), WindowContext.EVALUATED)) {
            report = new Verifier(new ManifestLoader(), List.of((m, earlier, ctx) -> schema.validate(m), policies))
                    .verify(List.of(Path.of(DIR + "release.yaml")), ExamplesTest.CONTEXT);
        }

        assertThat(report.findings())
                .extracting(f -> line(f) + (f.waiver().isPresent() ? " waived" : ""))
                .containsExactly(
                        DIR + "k8s/orders-api.yaml:17:11 error workload-readiness"
                                + " /spec/template/spec/containers/0/readinessProbe waived",
                        DIR + "k8s/orders-api.yaml:28:13 error workload-resources"
                                + " /spec/template/spec/containers/0/resources/limits/cpu",
                        DIR + "k8s/orders-api.yaml:28:13 error workload-resources"
                                + " /spec/template/spec/containers/0/resources/limits/memory");
    }
}
