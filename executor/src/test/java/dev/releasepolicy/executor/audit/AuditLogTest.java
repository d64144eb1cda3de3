package dev.releasepolicy.executor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.secret.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T15:00:00Z"), ZoneOffset.UTC);
    static final AuditContext CTX = new AuditContext("ci-bot", "payments-service", "sha256:abc123");

    @TempDir
    Path dir;

    Path writeTrail() {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = new AuditLog(new FileAuditSink(file), CLOCK, Redactor.none());
        log.append(CTX.entry("verify", "", "passed", "0 errors, 0 warnings"));
        log.append(CTX.entry("plan", "", "planned", "6 steps"));
        log.append(CTX.entry("approve", "", "approved", "", Map.of("approver", "payments-lead")));
        log.append(CTX.entry("step", "1: setWeight 10", "completed", ""));
        log.append(CTX.entry("rollback", "2: analysis", "rolled back", "errorRate = 0.05 above max 0.01"));
        return file;
    }

    @Test
    void append_writesChainedJsonLines_thatVerify() throws Exception {
        Path file = writeTrail();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0))
                .startsWith("{\"seq\":1,\"time\":\"2026-12-01T15:00:00Z\",\"actor\":\"ci-bot\"")
                .contains("\"prev\":\"" + AuditLog.GENESIS + "\"");
        assertThat(lines.get(4)).contains("\"reason\":\"errorRate = 0.05 above max 0.01\"");
        AuditVerification v = AuditLog.verify(file);
        assertThat(v.intact()).as(v.message()).isTrue();
        assertThat(v.records()).isEqualTo(5);
    }

    @Test
    void append_continuesAnExistingTrail() throws Exception {
        Path file = writeTrail();
        AuditLog again = new AuditLog(new FileAuditSink(file), CLOCK, Redactor.none());
        AuditRecord r = again.append(CTX.entry("step", "3: setWeight 50", "completed", ""));
        assertThat(r.seq()).isEqualTo(6);
        assertThat(AuditLog.verify(file).intact()).isTrue();
        assertThat(AuditLog.verify(Files.readAllLines(file), Optional.of(again.head()))
                        .intact())
                .isTrue();
    }

    @Test
    void verify_editedRecord_isDetectedAtItsLine() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(writeTrail()));
        lines.set(2, lines.get(2).replace("payments-lead", "someone-else"));
        AuditVerification v = AuditLog.verify(lines);
        assertThat(v.intact()).isFalse();
        assertThat(v.line()).isEqualTo(3);
        assertThat(v.message()).contains("line 3", "edited");
    }

    @Test
    void verify_deletedRecord_isDetectedAtTheNextLine() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(writeTrail()));
        lines.remove(1);
        AuditVerification v = AuditLog.verify(lines);
        assertThat(v.intact()).isFalse();
        assertThat(v.line()).isEqualTo(2);
        assertThat(v.problem()).contains("chain is broken");
    }

    @Test
    void verify_deletedFirstRecord_isDetected() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(writeTrail()));
        lines.remove(0);
        assertThat(AuditLog.verify(lines).line()).isEqualTo(1);
    }

    @Test
    void verify_reorderedRecords_areDetected() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(writeTrail()));
        Collections.swap(lines, 3, 4);
        AuditVerification v = AuditLog.verify(lines);
        assertThat(v.intact()).isFalse();
        assertThat(v.line()).isEqualTo(4);
    }

    @Test
    void verify_insertedRecord_isDetected() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(writeTrail()));
        lines.add(2, lines.get(1));
        AuditVerification v = AuditLog.verify(lines);
        assertThat(v.intact()).isFalse();
        assertThat(v.line()).isEqualTo(3);
    }

    @Test
    void verify_forgedRecordWithRecomputedHash_breaksTheChainAfterIt() throws Exception {
        // A forger who recomputes the edited record's hash still breaks the next record's prev.
        Path file = writeTrail();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        var node = (tools.jackson.databind.node.ObjectNode)
                tools.jackson.databind.json.JsonMapper.builder().build().readTree(lines.get(1));
        node.put("result", "skipped");
        node.remove("hash");
        node.put("hash", AuditLog.sha256(AuditLog.canonical(node)));
        lines.set(1, node.toString());
        AuditVerification v = AuditLog.verify(lines);
        assertThat(v.intact()).isFalse();
        assertThat(v.line()).isEqualTo(3);
    }

    @Test
    void verify_truncatedTrail_isDetectedOnlyAgainstTheKeptHead() throws Exception {
        Path file = writeTrail();
        AuditLog log = new AuditLog(new FileAuditSink(file), CLOCK, Redactor.none());
        log.append(CTX.entry("step", "3", "completed", ""));
        String head = log.head();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(lines.size() - 1);
        assertThat(AuditLog.verify(lines).intact()).isTrue();
        AuditVerification v = AuditLog.verify(lines, Optional.of(head));
        assertThat(v.intact()).isFalse();
        assertThat(v.line()).isEqualTo(6);
        assertThat(v.problem()).contains("cut off the end");
    }

    @Test
    void verify_garbageLine_isDetected() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(writeTrail()));
        lines.set(4, "{not json");
        assertThat(AuditLog.verify(lines).message()).isEqualTo("tampered at line 5: not a JSON record");
    }

    @Test
    void append_scrubsSecretsBeforeHashing() {
        InMemoryAuditSink sink = new InMemoryAuditSink();
        AuditLog log = new AuditLog(sink, CLOCK, Redactor.none().with(List.of("PLANTED-SECRET-42")));
        log.append(CTX.entry(
                "notification",
                "",
                "failed",
                "POST https://hooks.example.com/x?token=tok987 failed: PLANTED-SECRET-42 rejected",
                Map.of("target", "https://u:pw@hooks.example.com/y")));
        String line = sink.lines().get(0);
        assertThat(line).doesNotContain("PLANTED", "tok987", "u:pw").contains("token=***", "https://***@hooks");
        assertThat(AuditLog.verify(sink.lines()).intact()).isTrue();
    }

    @Test
    void tee_writesToEverySink() {
        InMemoryAuditSink a = new InMemoryAuditSink();
        InMemoryAuditSink b = new InMemoryAuditSink();
        AuditLog log = new AuditLog(AuditSink.tee(a, b), CLOCK, Redactor.none());
        log.append(CTX.entry("plan", "", "planned", ""));
        assertThat(b.lines()).isEqualTo(a.lines()).hasSize(1);
    }
}
