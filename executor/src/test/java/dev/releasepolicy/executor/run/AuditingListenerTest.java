package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.audit.AuditVerification;
import dev.releasepolicy.executor.audit.FileAuditSink;
import dev.releasepolicy.executor.kube.Retrier;
import dev.releasepolicy.executor.state.ClusterAuditSink;
import dev.releasepolicy.executor.testing.Harness;
import dev.releasepolicy.executor.testing.MockApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The audit trail the executor writes itself: to the cluster beside the state and to a local file. */
class AuditingListenerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @AutoClose
    private static final MockApi api = new MockApi();

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private AuditingListener auditing(Harness h, String actor, Path file) {
        Retrier retrier = new Retrier(Harness.RETRY, d -> {}, m -> {});
        return new AuditingListener(
                plan -> List.of(
                        new AuditLog(
                                new ClusterAuditSink(h.cluster, retrier, plan.namespace(), plan.application()),
                                h.time,
                                Redactor.none()),
                        new AuditLog(new FileAuditSink(file), h.time, Redactor.none())),
                h.time,
                actor,
                warnings::add);
    }

    private List<String> clusterTrail(Harness h) {
        Retrier retrier = new Retrier(Harness.RETRY, d -> {}, m -> {});
        return new ClusterAuditSink(api.cluster(), retrier, h.plan.namespace(), h.plan.application()).lines();
    }

    private static List<String> column(List<String> lines, String field) {
        return lines.stream().map(l -> JSON.readTree(l).path(field).asString()).toList();
    }

    private static List<String> opResults(List<String> lines) {
        return lines.stream()
                .map(l -> {
                    JsonNode n = JSON.readTree(l);
                    return n.path("operation").asString() + " "
                            + n.path("result").asString();
                })
                .toList();
    }

    @Test
    void blueGreen_everyOperationRecorded_inTheClusterAndTheFile_bothChainsIntact() throws IOException {
        Harness h = new Harness("blue-green-web.yaml", api.cluster());
        Path file = dir.resolve("audit.jsonl");
        ReleaseExecutor alice = h.executor("alice", auditing(h, "alice", file));
        ReleaseExecutor bob = h.executor("bob", auditing(h, "bob", file));

        assertThat(alice.apply(h.plan).result()).isEqualTo(Outcome.Result.AWAITING_APPROVAL);
        Outcome o = h.drive(alice, bob.approve(h.plan.namespace(), h.plan.application(), "bob"));
        assertThat(o.result()).isEqualTo(Outcome.Result.SUCCEEDED);

        List<String> cluster = clusterTrail(h);
        List<String> local = Files.readAllLines(file);
        assertThat(AuditLog.verify(cluster).intact()).isTrue();
        assertThat(AuditLog.verify(local).intact()).isTrue();
        // the same records in both copies
        assertThat(column(local, "hash")).isEqualTo(column(cluster, "hash"));

        List<String> ops = opResults(cluster);
        assertThat(ops.subList(0, 3)).containsExactly("verify passed", "plan applied", "release started");
        assertThat(ops.get(ops.size() - 1)).isEqualTo("release succeeded");
        assertThat(ops).contains("pause paused", "approve approved");
        long completed = ops.stream().filter(s -> s.equals("step completed")).count();
        assertThat(completed).isEqualTo(h.plan.steps().size());

        // who did it: bob approved, alice ran the release
        JsonNode approval = cluster.stream()
                .map(JSON::readTree)
                .filter(n -> n.path("operation").asString().equals("approve"))
                .findFirst()
                .orElseThrow();
        assertThat(approval.path("actor").asString()).isEqualTo("bob");
        assertThat(approval.path("step").asString()).isNotEmpty();
        assertThat(column(cluster, "fingerprint"))
                .containsOnly(h.plan.fingerprint().value());
        assertThat(column(cluster, "application")).containsOnly("web-frontend");

        // the Service switch is on record with the object it wrote
        assertThat(cluster.stream()
                        .map(JSON::readTree)
                        .filter(n -> n.path("operation").asString().equals("step"))
                        .map(n -> n.path("detail").path("objects").asString("")))
                .anyMatch(objects -> objects.contains("Service prod/web-frontend"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void failedAnalysis_rollbackWithCause_andEachCompensation_recorded() {
        Harness h = new Harness("auto-rollback.yaml", api.cluster());
        h.analyzer(new Analyzer() {
            @Override
            public Optional<Verdict> analyze(
                    dev.releasepolicy.core.plan.Plan plan, dev.releasepolicy.core.plan.PlanStep step) {
                return Optional.of(Verdict.unhealthy("errorRate 0.05 > 0.01"));
            }

            @Override
            public Optional<Verdict> verifyRecovery(dev.releasepolicy.core.plan.Plan plan) {
                return Optional.of(Verdict.healthy("recovered: errorRate = 0.001"));
            }
        });
        ReleaseExecutor exec = h.executor("alice", auditing(h, "alice", dir.resolve("a.jsonl")));
        assertThat(h.drive(exec, exec.apply(h.plan)).result()).isEqualTo(Outcome.Result.ROLLED_BACK);

        List<String> trail = clusterTrail(h);
        assertThat(AuditLog.verify(trail).intact()).isTrue();
        List<JsonNode> records = trail.stream().map(JSON::readTree).toList();
        JsonNode started = records.stream()
                .filter(n -> n.path("operation").asString().equals("rollback")
                        && n.path("result").asString().equals("started"))
                .findFirst()
                .orElseThrow();
        assertThat(started.path("reason").asString()).contains("errorRate 0.05");
        assertThat(opResults(trail))
                .contains("step compensated", "recovery verified")
                .last()
                .isEqualTo("rollback rolled back");
        assertThat(opResults(trail)).doesNotContain("release succeeded");
    }

    @Test
    void manualRollback_reasonRecorded_secretsRedacted() {
        Harness h = new Harness("canary-api.yaml", api.cluster());
        ReleaseExecutor exec = h.executor("alice", auditing(h, "alice", dir.resolve("b.jsonl")));
        assertThat(exec.apply(h.plan).result()).isEqualTo(Outcome.Result.AWAITING_APPROVAL);
        String token = "tok3n-9f8e7d6c5b4a3921";
        exec.rollback(
                h.plan.namespace(),
                h.plan.application(),
                "pager says so, see https://ops:" + token + "@ci.example.com/job/42?access_token=" + token);

        List<String> trail = clusterTrail(h);
        assertThat(AuditLog.verify(trail).intact()).isTrue();
        assertThat(String.join("\n", trail)).doesNotContain(token);
        assertThat(trail.stream()
                        .map(JSON::readTree)
                        .filter(n -> n.path("operation").asString().equals("rollback")))
                .anyMatch(n -> n.path("reason").asString().startsWith("pager says so"));
    }

    @Test
    void editingTheClusterCopy_isDetected() {
        Harness h = new Harness("blue-green-web.yaml", api.cluster());
        ReleaseExecutor exec = h.executor("alice", auditing(h, "alice", dir.resolve("c.jsonl")));
        h.drive(exec, exec.apply(h.plan));

        ObjectRef ref = new ObjectRef(
                "v1", "ConfigMap", h.plan.namespace(), ClusterAuditSink.configMapName(h.plan.application(), 1));
        ObjectNode cm = (ObjectNode) api.cluster().get(ref).orElseThrow();
        String text = cm.path("data").path(ClusterAuditSink.KEY).asString();
        ((ObjectNode) cm.path("data"))
                .put(ClusterAuditSink.KEY, text.replaceFirst("\"actor\":\"alice\"", "\"actor\":\"mallory\""));
        api.cluster().update(cm);

        AuditVerification v = AuditLog.verify(clusterTrail(h));
        assertThat(v.intact()).isFalse();
        assertThat(v.line()).isEqualTo(1);
    }

    @Test
    void aTrailThatCannotBeWritten_warns_andTheReleaseGoesOn() throws IOException {
        Harness h = new Harness("auto-rollback.yaml", api.cluster());
        Path blocked = dir.resolve("not-a-dir");
        Files.writeString(blocked, "a file where a directory should be");
        ReleaseExecutor exec = h.executor("alice", auditing(h, "alice", blocked.resolve("audit.jsonl")));
        assertThat(h.drive(exec, exec.apply(h.plan)).result()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(warnings).isNotEmpty().allMatch(w -> w.contains("could not write the audit record"));
        assertThat(AuditLog.verify(clusterTrail(h)).intact()).isTrue();
        assertThat(opResults(clusterTrail(h))).last().isEqualTo("release succeeded");
    }
}
