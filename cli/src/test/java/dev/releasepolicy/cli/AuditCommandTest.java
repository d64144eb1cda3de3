package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.executor.audit.AuditContext;
import dev.releasepolicy.executor.audit.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    @TempDir
    Path dir;

    Path trail() {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = AuditLog.toFile(file);
        AuditContext ctx = new AuditContext("ci-bot", "payments-service", "sha256:abc");
        log.append(ctx.entry("plan", "", "planned", ""));
        log.append(ctx.entry("step", "1: setWeight 10", "completed", ""));
        log.append(ctx.entry("rollback", "2: analysis", "rolled back", "errorRate above 0.01"));
        return file;
    }

    @Test
    void auditVerify_intactTrail_exitsZero() {
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
        assertThat(VerifyCommandTest.run("audit", "verify", dir.resolve("nope.jsonl").toString()).exit()).isEqualTo(2);
        VerifyCommandTest.Run r = VerifyCommandTest.run("audit", "verify");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("FILE");
        assertThat(VerifyCommandTest.run("audit").exit()).isEqualTo(2);
    }
}
