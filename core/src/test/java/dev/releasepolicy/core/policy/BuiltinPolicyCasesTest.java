package dev.releasepolicy.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The build runs every built-in policy's own cases (policies/README.md, "Test cases"), one dynamic test per case. */
class BuiltinPolicyCasesTest {

    static PolicyTestRunner.Suite suite;
    static PolicyEngine engine;

    @BeforeAll
    static void load() {
        suite = PolicyTestRunner.builtinSuite();
        engine = PolicyEngine.create(suite.policies());
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @TestFactory
    Stream<DynamicTest> builtinCases_pass() {
        PolicyTestRunner runner = new PolicyTestRunner(WindowContext.EVALUATED);
        return suite.cases().stream()
                .map(c -> DynamicTest.dynamicTest(c.label(), c.manifest().toUri(), () -> {
                    PolicyTestRunner.CaseResult r = runner.run(engine, c);
                    assertThat(r.passed())
                            .as(
                                    "%s%n missing: %s%n unexpected: %s%n reported: %s",
                                    c.label(), r.missing(), r.unexpected(), String.join("\n   ", r.details()))
                            .isTrue();
                }));
    }

    @Test
    void builtinPolicies_eachHasPassingAndFailingCases() {
        assertThat(engine.loadFailures()).isEmpty();
        List<String> ids = engine.policies().stream().map(Policy::id).toList();
        assertThat(ids)
                .containsExactlyInAnyOrder(
                        "release-window",
                        "rollback-plan",
                        "monitoring",
                        "data-compatibility",
                        "checklist",
                        "strategy",
                        "approvals",
                        "notifications",
                        "workload-readiness",
                        "workload-resources",
                        "image-pinned",
                        "rollback-image-current");
        for (String id : ids) {
            List<PolicyTestRunner.Case> own =
                    suite.cases().stream().filter(c -> c.policyId().equals(id)).toList();
            assertThat(own).as(id).anyMatch(c -> c.name().startsWith("pass"));
            assertThat(own).as(id).anyMatch(c -> !c.name().startsWith("pass"));
        }
    }

    @Test
    void runAndPrint_wrongExpectation_failsWithDiffAndSummary(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("version.js"), """
                export const meta = {id: 'version', severity: 'error', description: 'Version is not 0.x.'};
                export function check(release) {
                  return release.spec.version.startsWith('0.')
                    ? [{path: '/spec/version', message: 'pre-release version', hint: 'release 1.0 first'}] : [];
                }
                """);
        Path tests = Files.createDirectories(dir.resolve("tests/version"));
        String manifest = "apiVersion: releasepolicy.dev/v1\nkind: Release\nmetadata: {name: a}\n"
                + "spec: {application: a, version: \"0.9\", image: a:0.9}\n";
        Files.writeString(tests.resolve("pre-release.yaml"), manifest);
        Files.writeString(tests.resolve("pre-release.findings.txt"), "error /spec/version\n");
        Files.writeString(tests.resolve("wrong.yaml"), manifest);
        Files.writeString(tests.resolve("wrong.findings.txt"), "warning /spec/image\n");

        StringBuilder out = new StringBuilder();
        int failed = new PolicyTestRunner(WindowContext.EVALUATED)
                .runAndPrint(List.of(PolicyTestRunner.folderSuite(dir)), out);

        assertThat(failed).isEqualTo(1);
        assertThat(out.toString())
                .contains("PASS version/pre-release\n")
                .contains("FAIL version/wrong")
                .contains("  missing:    warning /spec/image\n")
                .contains("  unexpected: error /spec/version\n")
                .contains("pre-release version — release 1.0 first")
                .endsWith("1 passed, 1 failed\n");
    }
}
