package dev.releasepolicy.executor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.secret.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Audit-trail forgeries of issue 15: each must fail verification at its line, also with the kept head. */
class HostileAuditTrailTest {

    @TempDir
    Path dir;

    private List<String> trail() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog log = new AuditLog(new FileAuditSink(file), AuditLogTest.CLOCK, Redactor.none());
        log.append(AuditLogTest.CTX.entry("verify", "", "passed", "0 errors"));
        log.append(AuditLogTest.CTX.entry("step", "1: setWeight 10", "failed", "errorRate above 0.01"));
        log.append(AuditLogTest.CTX.entry("rollback", "1: setWeight 10", "rolled back", ""));
        return new ArrayList<>(Files.readAllLines(file));
    }

    private static String head(List<String> lines) throws Exception {
        return JsonMapper.builder()
                .build()
                .readTree(lines.getLast())
                .path("hash")
                .asString();
    }

    @Test
    @DisplayName("a record with a duplicate key in front of the original keys fails at its line, even with the head")
    void duplicateKey_failsAtItsLine() throws Exception {
        List<String> lines = trail();
        String head = head(lines);
        lines.set(1, "{\"result\":\"FORGED-passed\"," + lines.get(1).substring(1));
        for (Optional<String> expected : List.of(Optional.<String>empty(), Optional.of(head))) {
            AuditVerification v = AuditLog.verify(lines, expected);
            assertThat(v.intact()).as(v.message()).isFalse();
            assertThat(v.line()).isEqualTo(2);
            assertThat(v.problem()).contains("twice").contains("result");
        }
    }

    @Test
    @DisplayName("a duplicate key inside detail fails too")
    void duplicateKeyInDetail_fails() throws Exception {
        List<String> lines = trail();
        lines.set(0, lines.get(0).replace("\"detail\":{", "\"detail\":{\"x\":\"1\",\"x\":\"1\""));
        AuditVerification v = AuditLog.verify(lines);
        assertThat(v.intact()).isFalse();
        assertThat(v.line()).isEqualTo(1);
    }

    @Test
    @DisplayName("a key outside the record schema fails at its line even when the hash was recomputed over it")
    void unknownKeyWithRecomputedHash_failsAtItsLine() throws Exception {
        List<String> lines = trail();
        String head = head(lines);
        // The forger adds a key to the last record and recomputes its hash: no later record breaks.
        ObjectNode node = (ObjectNode) JsonMapper.builder().build().readTree(lines.get(2));
        node.remove("hash");
        node.put("approvedBy", "someone");
        node.put("hash", AuditLog.sha256(AuditLog.canonical(node)));
        lines.set(2, node.toString());
        AuditVerification v =
                AuditLog.verify(lines, Optional.of(node.path("hash").asString()));
        assertThat(v.intact()).as(v.message()).isFalse();
        assertThat(v.line()).isEqualTo(3);
        assertThat(v.problem()).contains("'approvedBy' is not part of an audit record");
        assertThat(AuditLog.verify(lines, Optional.of(head)).line()).isEqualTo(3);
    }

    @Test
    @DisplayName("a record whose fields have the wrong type, or text after the record, fails")
    void wrongTypesAndTrailingText_fail() throws Exception {
        List<String> lines = trail();
        List<String> seqAsText = new ArrayList<>(lines);
        seqAsText.set(0, lines.get(0).replace("\"seq\":1", "\"seq\":\"1\""));
        assertThat(AuditLog.verify(seqAsText).line()).isEqualTo(1);
        List<String> trailing = new ArrayList<>(lines);
        trailing.set(1, lines.get(1) + " {\"result\":\"x\"}");
        assertThat(AuditLog.verify(trailing).line()).isEqualTo(2);
    }

    @Test
    @DisplayName("appending to a damaged trail file is refused: new records would vouch for forged ones")
    void toIntactFile_damagedTrail_isRefused() throws Exception {
        List<String> lines = trail();
        lines.set(1, "{\"result\":\"FORGED\"," + lines.get(1).substring(1));
        Path file = dir.resolve("audit.jsonl");
        Files.write(file, lines);
        assertThatThrownBy(() -> AuditLog.toIntactFile(file))
                .isInstanceOf(DamagedAuditTrailException.class)
                .hasMessageContaining("tampered at line 2");
        assertThat(Files.readAllLines(file)).hasSize(3);
        assertThat(AuditLog.toIntactFile(dir.resolve("new.jsonl"))).isNotNull();
    }
}
