package dev.releasepolicy.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.runner.VerifyRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file in examples/ runs here (examples/README.md): the reference releases verify without errors, and
 * each examples/invalid/ case yields exactly the findings listed in its {@code .findings.txt}
 * ({@code LINE:COLUMN SEVERITY POLICY POINTER} per line).
 */
class ExamplesTest {

    static final Path EXAMPLES = Path.of("..", "examples");
    static final VerifyContext CONTEXT = new VerifyContext(Instant.parse("2026-12-01T15:00:00Z"));

    static Verifier verifier() {
        return Verifiers.forExamples();
    }

    @TestFactory
    Stream<DynamicTest> referenceReleases_verifyWithoutErrors() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        Verifier verifier = verifier();
        return files.stream()
                .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                    VerifyReport report = verifier.verify(List.of(f), CONTEXT);
                    assertThat(report.manifests()).hasSize(1);
                    assertThat(report.findings())
                            .as(report.summary())
                            .filteredOn(Finding::isBlockingError)
                            .isEmpty();
                }));
    }

    @Test
    void summary_countsUnreadableFiles_andAFileGivenTwiceOnce() throws IOException {
        Path invalid = EXAMPLES.resolve("invalid");
        List<Path> given = List.of(
                EXAMPLES.resolve("canary-api.yaml"),
                invalid.resolve("malformed.yaml"),
                invalid.resolve("unknown-property.yaml"),
                EXAMPLES.resolve("canary-api.yaml"));
        VerifyReport report = verifier().verify(given, CONTEXT);
        assertThat(report.manifests()).hasSize(2);
        assertThat(report.unreadableFiles()).isEqualTo(1);
        assertThat(report.summary()).startsWith("2 manifests and 1 unreadable file, ");
        VerifyReport clean = verifier().verify(List.of(EXAMPLES.resolve("canary-api.yaml")), CONTEXT);
        assertThat(clean.summary()).isEqualTo("1 manifest, 0 errors, 0 warnings");
    }

    @Test
    void istioWorkload_folderVerifiesWithoutErrors_andItsDeploymentFileIsRead() throws IOException {
        Path release = EXAMPLES.resolve("istio-workload").resolve("release.yaml");
        VerifyReport report = verifier().verify(List.of(release), CONTEXT);
        assertThat(report.manifests()).hasSize(1);
        assertThat(report.findings())
                .as(report.summary())
                .filteredOn(Finding::isBlockingError)
                .isEmpty();
        assertThat(release.resolveSibling("k8s").resolve("orders-api.yaml")).exists();
    }

    @TestFactory
    Stream<DynamicTest> invalidCases_yieldTheirExpectedFindings() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(EXAMPLES.resolve("invalid"))) {
            cases = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(cases).isNotEmpty();
        Verifier verifier = verifier();
        return cases.stream()
                .map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> {
                    Path expectedFile = Path.of(c.toString().replaceAll("\\.yaml$", ".findings.txt"));
                    assertThat(expectedFile).as("expected findings beside " + c).exists();
                    List<String> expected = Files.readAllLines(expectedFile).stream()
                            .map(String::strip)
                            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                            .sorted()
                            .toList();
                    VerifyReport report = verifier.verify(List.of(c), CONTEXT);
                    List<String> actual = report.findings().stream()
                            .map(ExamplesTest::line)
                            .sorted()
                            .toList();
                    assertThat(actual).as(render(report)).containsExactlyElementsOf(expected);
                    assertThat(VerifyRunner.exitCode(report, false)).isEqualTo(ExitCode.FINDINGS);
                }));
    }

    static String line(Finding f) {
        return (f.location().line() + ":" + f.location().column() + " "
                        + f.severity().label() + " " + f.policyId() + " " + f.pointer())
                .strip();
    }

    static String render(VerifyReport report) {
        StringBuilder b = new StringBuilder("actual findings:\n");
        report.findings()
                .forEach(f -> b.append("  ")
                        .append(line(f))
                        .append("  -- ")
                        .append(f.message())
                        .append('\n'));
        return b.toString();
    }
}
