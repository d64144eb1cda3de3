package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.cli.VerifyCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code release-policy test}, {@code release-policy policies} and the policy options of {@code verify}. */
class PolicyCommandsTest {

    static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void test_builtinCases_allPassExitZero() {
        Run r = VerifyCommandTest.run("test");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("PASS rollback-plan/missing-target").containsPattern("\\d+ passed, 0 failed\\n$");
    }

    @Test
    void test_teamFolderWithFailingCase_exitsOneWithDiff(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("always.js"),
                "export const meta = {id: 'always', severity: 'warning', "
                        + "description: 'd'};\nexport function check() { return [{path: '/spec', message: 'm', hint: 'h'}]; }\n");
        Path tests = Files.createDirectories(dir.resolve("tests/always"));
        Files.copy(EXAMPLES.resolve("canary-api.yaml"), tests.resolve("quiet.yaml"));
        Files.writeString(tests.resolve("quiet.findings.txt"), "# expects nothing\n");
        Run r = VerifyCommandTest.run("test", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out())
                .contains("FAIL always/quiet")
                .contains("unexpected: warning /spec")
                .endsWith("0 passed, 1 failed\n");
    }

    @Test
    void policies_listsBuiltinIdsSeverityAndDescription() {
        Run r = VerifyCommandTest.run("policies");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("ID")
                .contains("SEVERITY")
                .containsPattern("rollback-plan\\s+error\\s+A release names a rollback target");
        for (String id : new String[] {
            "release-window", "monitoring", "data-compatibility", "checklist", "strategy", "approvals", "notifications"
        }) {
            assertThat(r.out()).contains(id);
        }
    }

    @Test
    void verify_loopingTeamPolicy_isAnErrorFindingAndOthersStillRun(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("loop.js"),
                "export const meta = {id: 'team-loop', severity: 'error', "
                        + "description: 'd'};\nexport function check() { while (true) {} }\n");
        Run r = VerifyCommandTest.run(
                "verify",
                "--now",
                "2026-12-01T15:00:00Z",
                "--policies",
                dir.toString(),
                EXAMPLES.resolve("canary-api.yaml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("loop.js:2:").contains("[team-loop]").contains("1 manifest, 1 error");
    }

    @Test
    void verify_invalidConfig_exitsTwoWithLocation(@TempDir Path dir) throws Exception {
        Path config = dir.resolve(".release-policy.yaml");
        Files.writeString(config, "rules:\n  checklist: {disabled: maybe}\n");
        Run r = VerifyCommandTest.run(
                "verify",
                "--config",
                config.toString(),
                EXAMPLES.resolve("canary-api.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(config + ":2:");
    }
}
