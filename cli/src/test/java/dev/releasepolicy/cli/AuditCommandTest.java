package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.executor.audit.AuditContext;
import dev.releasepolicy.executor.audit.AuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    @TempDir
    Path dir;

    Path trail() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = AuditLog.toIntactFile(file);
        AuditContext ctx = new AuditContext("ci-bot", "payments-service", "sha256:abc");
        log.append(ctx.entry("plan", "", "planned", ""));
        log.append(ctx.entry("step", "1: setWeight 10", "completed", ""));
        log.append(ctx.entry("rollback", "2: analysis", "rolled back", "errorRate above 0.01"));
        return file;
    }

    @Test
    void auditVerify_intactTrail_exitsZero() throws Exception {
        VerifyCommandTest.Run r = VerifyCommandTest.run("audit", "verify", trail().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("intact: 3 records");
    }

    @Test
    void auditVerify_editedRecord_exitsOneWithTheLine() throws Exception {
        Path file = trail();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).replace("completed", "skipped"));
        Files.write(file, lines);
        VerifyCommandTest.Run r = VerifyCommandTest.run("audit", "verify", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("tampered at line 2");
    }

    @Test
    void auditVerify_missingFileOrArgument_exitsTwo() {
        assertThat(VerifyCommandTest.run(
                                "audit", "verify", dir.resolve("nope.jsonl").toString())
                        .exit())
                .isEqualTo(2);
        VerifyCommandTest.Run r = VerifyCommandTest.run("audit", "verify");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("FILE");
        assertThat(VerifyCommandTest.run("audit").exit()).isEqualTo(2);
    }

    @Test
    void verifyAndPlan_withAuditLog_appendVerdictsAndThePlan_chainIntact() throws Exception {
        Path file = dir.resolve("ci/audit.jsonl");
        Path examples = Path.of("..", "examples");
        VerifyCommandTest.Run v = VerifyCommandTest.run(
                "verify",
                "--now",
                "2026-12-01T15:00:00Z",
                "--audit-log",
                file.toString(),
                examples.resolve("canary-api.yaml").toString(),
                examples.resolve("invalid/wrong-type-replicas.yaml").toString());
        assertThat(v.exit()).isEqualTo(1);
        VerifyCommandTest.Run p = VerifyCommandTest.run(
                "plan",
                "--now",
                "2026-12-01T15:00:00Z",
                "--audit-log",
                file.toString(),
                "--format",
                "json",
                examples.resolve("canary-api.yaml").toString());
        assertThat(p.exit()).as(p.err()).isZero();
        VerifyCommandTest.Run refused = VerifyCommandTest.run(
                "plan",
                "--audit-log",
                file.toString(),
                examples.resolve("invalid/wrong-type-replicas.yaml").toString());
        assertThat(refused.exit()).isEqualTo(1);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("\"operation\":\"verify\"", "\"result\":\"passed\"", "canary-api.yaml");
        assertThat(lines.get(1))
                .contains("\"result\":\"failed\"", "\"failingPolicies\":\"schema\"", "wrong-type-replicas.yaml");
        assertThat(lines.get(2))
                .contains(
                        "\"operation\":\"plan\"",
                        "\"result\":\"planned\"",
                        "\"application\":\"orders-api\"",
                        "\"fingerprint\":\"sha256:");
        assertThat(lines.get(3)).contains("\"result\":\"refused\"", "1 error");
        VerifyCommandTest.Run check = VerifyCommandTest.run("audit", "verify", file.toString());
        assertThat(check.exit()).isZero();
        assertThat(check.out()).contains("intact: 4 records");
    }

    @Test
    void auditExport_noClusterReachable_toolErrorWithoutStackTrace() throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                contexts: [{name: c, context: {cluster: c, user: u}}]
                current-context: c
                users: [{name: u, user: {token: abc}}]
                """);
        VerifyCommandTest.Run r = VerifyCommandTest.run(
                "audit", "export", "--kubeconfig", kubeconfig.toString(), "-n", "prod", "orders-api");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("release-policy-orders-api-audit").doesNotContain("\tat ");
    }

    @Test
    void verifyAndPlan_withDamagedAuditLog_exitTwoAndAppendNothing() throws Exception {
        Path file = trail();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, "{\"result\":\"FORGED\"," + lines.get(1).substring(1));
        Files.write(file, lines);
        Path canary = Path.of("..", "examples", "canary-api.yaml");
        VerifyCommandTest.Run v = VerifyCommandTest.run(
                "verify", "--now", "2026-12-01T15:00:00Z", "--audit-log", file.toString(), canary.toString());
        assertThat(v.exit()).as(v.err()).isEqualTo(2);
        assertThat(v.err()).contains("error:", "damaged", "line 2").doesNotContain("warning");
        VerifyCommandTest.Run p = VerifyCommandTest.run(
                "plan", "--now", "2026-12-01T15:00:00Z", "--audit-log", file.toString(), canary.toString());
        assertThat(p.exit()).as(p.err()).isEqualTo(2);
        assertThat(p.err()).contains("damaged", "line 2");
        assertThat(Files.readAllLines(file)).isEqualTo(lines);
        VerifyCommandTest.Run check = VerifyCommandTest.run("audit", "verify", file.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("tampered at line 2");
    }
}
