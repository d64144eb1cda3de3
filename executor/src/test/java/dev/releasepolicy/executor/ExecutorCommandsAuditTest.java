package dev.releasepolicy.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.plan.PlanCodec;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.kube.KubeClients;
import dev.releasepolicy.executor.kube.Retrier;
import dev.releasepolicy.executor.run.ExecutionListener;
import dev.releasepolicy.executor.run.ExecutorSettings;
import dev.releasepolicy.executor.run.Progress;
import dev.releasepolicy.executor.state.ClusterAuditSink;
import dev.releasepolicy.executor.testing.Analyzers;
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
import tools.jackson.databind.json.JsonMapper;

/** {@code apply} and {@code approve} as the CLI runs them write the audit trail to the cluster and to --audit-log. */
class ExecutorCommandsAuditTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @AutoClose
    private static final MockApi api = new MockApi();

    private static ExecutorCommands commands(Harness h, String holder) {
        return new ExecutorCommands(
                t -> KubeClients.create(api.client().getConfiguration()),
                h.time,
                h.time,
                ExecutorSettings.defaults().withHolder(holder),
                Analyzers.HEALTHY_WITHOUT_METRICS,
                ExecutionListener.NONE);
    }

    @Test
    void applyThenApprove_bothCopiesOfTheTrailHoldEveryRecord(@TempDir Path dir) throws IOException {
        Harness h = new Harness("canary-api.yaml", api.cluster());
        Path planFile = dir.resolve("plan.json");
        Files.writeString(planFile, PlanCodec.writeCompact(h.plan));
        Path audit = dir.resolve("logs/audit.jsonl");
        ExecutorCommands.Target target =
                new ExecutorCommands.Target(Optional.empty(), Optional.empty(), Optional.of(audit));
        List<String> warnings = new ArrayList<>();
        Progress progress = Progress.SILENT.warningsTo(warnings::add);

        CommandOutcome applied = commands(h, "alice@ci")
                .apply(new ApplyRequest(planFile, ApplyRequest.Mode.APPLY, target, Optional.empty(), false), progress);
        assertThat(applied.exitCode()).as(applied.message()).isEqualTo(ExitCode.OK);
        assertThat(applied.kind()).isEqualTo(CommandOutcome.Kind.AWAITING_APPROVAL);
        assertThat(applied.headline())
                .hasValueSatisfying(l -> assertThat(l).startsWith("Stopped: waiting for approval"));
        CommandOutcome approved = commands(h, "bob@laptop")
                .approve(h.plan.application(), h.plan.namespace(), Optional.of("bob"), target, progress);
        assertThat(approved.exitCode()).as(approved.message()).isEqualTo(ExitCode.OK);
        assertThat(warnings).noneMatch(w -> w.contains("could not write the audit record"));

        List<String> local = Files.readAllLines(audit);
        List<String> cluster = new ClusterAuditSink(
                        api.cluster(),
                        new Retrier(Harness.RETRY, d -> {}, m -> {}),
                        h.plan.namespace(),
                        h.plan.application())
                .lines();
        assertThat(local).isEqualTo(cluster);
        assertThat(AuditLog.verify(local).intact()).isTrue();
        List<String> ops = local.stream()
                .map(l -> JSON.readTree(l))
                .map(n -> n.path("actor").asString() + " " + n.path("operation").asString() + " "
                        + n.path("result").asString())
                .toList();
        assertThat(ops)
                .startsWith("alice@ci verify passed", "alice@ci plan applied", "alice@ci release started")
                .contains("alice@ci pause paused", "bob approve approved", "bob@laptop step completed");
    }
}
