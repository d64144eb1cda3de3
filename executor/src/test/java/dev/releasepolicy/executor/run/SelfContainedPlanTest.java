package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanCodec;
import dev.releasepolicy.executor.ApplyRequest;
import dev.releasepolicy.executor.CommandOutcome;
import dev.releasepolicy.executor.ExecutorCommands;
import dev.releasepolicy.executor.analysis.MetricsProvider;
import dev.releasepolicy.executor.analysis.QueryResult;
import dev.releasepolicy.executor.kube.KubeClients;
import dev.releasepolicy.executor.testing.Harness;
import dev.releasepolicy.executor.testing.MockApi;
import dev.releasepolicy.executor.testing.ReferenceReleases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plan file is self-contained: moved to another folder without its manifest, it applies, resumes
 * and rolls back with its analyses performed against the provider the plan names; and an analysis
 * the plan cannot support fails closed.
 */
class SelfContainedPlanTest {

    @AutoClose
    private static final MockApi api = new MockApi();

    /** The outcome of the last {@link #apply}. */
    private CommandOutcome last;

    private final List<String> addresses = new ArrayList<>();
    private final List<String> queries = new ArrayList<>();

    /** The auto-rollback example planned from a copy of its manifest, the plan file moved away, the copy deleted. */
    private static Path movedPlan(Path dir, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        Path manifest = Files.createDirectories(dir.resolve("repo")).resolve("release.yaml");
        Files.copy(ReferenceReleases.examples().resolve("auto-rollback.yaml"), manifest);
        Plan plan = ReferenceReleases.planOf(manifest, manifest.toString(), ReferenceReleases.NOW);
        ObjectNode json = PlanCodec.toJson(plan);
        edit.accept(json);
        Path planFile = Files.createDirectories(dir.resolve("elsewhere")).resolve("payments.plan.json");
        Files.writeString(planFile, json.toString());
        Files.delete(manifest);
        return planFile;
    }

    /** A provider that records where it was made for and answers every query with {@code value}. */
    private MetricAnalyzer analyzer(Harness h, double value) {
        return MetricAnalyzer.fromPlans(h.time, h.time, (kind, address) -> {
            addresses.add(kind + " " + address);
            return new MetricsProvider() {
                @Override
                public QueryResult query(String query) {
                    queries.add(query);
                    return new QueryResult.Value(query.contains("grpc_server_handled_total") ? value : 0.1);
                }

                @Override
                public String describe() {
                    return "scripted";
                }
            };
        });
    }

    private ExecutorCommands commands(Harness h, Analyzer analyzer) {
        return new ExecutorCommands(
                t -> KubeClients.create(api.client().getConfiguration()),
                h.time,
                h.time,
                ExecutorSettings.defaults().withHolder("ci"),
                analyzer,
                ExecutionListener.NONE);
    }

    private ExitCode apply(Harness h, Analyzer analyzer, Path planFile) {
        CommandOutcome o = commands(h, analyzer)
                .apply(
                        ApplyRequest.of(
                                planFile,
                                ApplyRequest.Mode.APPLY,
                                new ExecutorCommands.Target(Optional.empty(), Optional.empty())),
                        Progress.SILENT);
        last = o;
        return o.exitCode();
    }

    @Test
    void movedPlan_appliesAndResumes_analysesPerformedAtThePlansAddress(@TempDir Path dir) throws IOException {
        Harness h = new Harness("auto-rollback.yaml", api.cluster());
        MetricAnalyzer analyzer = analyzer(h, 0.001);
        h.analyzer(analyzer);
        Path planFile = movedPlan(dir, json -> {});

        assertThat(apply(h, analyzer, planFile)).as(() -> last.message()).isEqualTo(ExitCode.OK);
        assertThat(last.warnings()).anyMatch(w -> w.startsWith("cannot check"));
        assertThat(last.headline()).hasValueSatisfying(l -> assertThat(l).startsWith("Stopped: waiting for approval"));

        ReleaseExecutor exec = h.executor("ci");
        Outcome o = h.drive(exec, exec.approve(h.plan.namespace(), h.plan.application(), "lead"));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(addresses).containsOnly("prometheus http://prometheus.monitoring.svc:9090");
        assertThat(queries).isNotEmpty();
        assertThat(h.log.toString()).contains("analysis: ").doesNotContain("not performed");
        h.assertNewVersionServes();
    }

    @Test
    void movedPlan_rollsBackOnItsAnalysis_andChecksRecoveryFromThePlan(@TempDir Path dir) throws IOException {
        Harness h = new Harness("auto-rollback.yaml", api.cluster());
        MetricAnalyzer analyzer = analyzer(h, 0.05);
        h.analyzer(analyzer);
        Path planFile = movedPlan(dir, json -> {});

        assertThat(apply(h, analyzer, planFile)).as(() -> last.message()).isEqualTo(ExitCode.OK);
        ReleaseExecutor exec = h.executor("ci");
        Outcome o = h.drive(exec, exec.approve(h.plan.namespace(), h.plan.application(), "lead"));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(o.message()).contains("10-analysis", "errorRate");
        assertThat(o.message()).contains("recovery NOT verified");
        assertThat(addresses).containsOnly("prometheus http://prometheus.monitoring.svc:9090");
        h.assertPreviousVersionServes();
    }

    @Test
    void planWithoutProviderAddress_analysisFailsClosed_releasePausesNamingTheMissingPiece(@TempDir Path dir)
            throws IOException {
        Harness h = new Harness("auto-rollback.yaml", api.cluster());
        MetricAnalyzer analyzer = analyzer(h, 0.001);
        h.analyzer(analyzer);
        Path planFile = movedPlan(dir, json -> ((ObjectNode) json.get("monitoring")).remove("address"));

        assertThat(apply(h, analyzer, planFile)).as(() -> last.message()).isEqualTo(ExitCode.OK);
        ReleaseExecutor exec = h.executor("ci");
        Outcome o = exec.approve(h.plan.namespace(), h.plan.application(), "lead");

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.AWAITING_APPROVAL);
        assertThat(o.message())
                .contains(
                        "analysis inconclusive at step 10/18 (10-analysis)",
                        "analysis at step 10-analysis: the plan has no metrics provider address");
        assertThat(addresses).isEmpty();
        assertThat(h.weightWrites()).containsExactly(0, 10);
    }

    @Test
    void movedPlan_stoppedAtAnAnalysis_rollbackCommandUndoesItFromThePlanInTheState(@TempDir Path dir)
            throws IOException {
        Harness h = new Harness("auto-rollback.yaml", api.cluster());
        MetricAnalyzer analyzer = analyzer(h, 0.001);
        h.analyzer(analyzer);
        Path planFile = movedPlan(dir, json -> ((ObjectNode) json.get("monitoring")).remove("address"));
        assertThat(apply(h, analyzer, planFile)).as(() -> last.message()).isEqualTo(ExitCode.OK);
        ReleaseExecutor exec = h.executor("ci");
        assertThat(exec.approve(h.plan.namespace(), h.plan.application(), "lead")
                        .result())
                .isEqualTo(Outcome.Result.AWAITING_APPROVAL);

        CommandOutcome rolled = commands(h, analyzer)
                .rollback(
                        h.plan.application(),
                        h.plan.namespace(),
                        "no metrics to judge by",
                        new ExecutorCommands.Target(Optional.empty(), Optional.empty()),
                        Progress.SILENT);

        assertThat(rolled.exitCode()).as(rolled.message()).isEqualTo(ExitCode.OK);
        assertThat(rolled.headline()).hasValue("Rolled back: rolled back to 5.4.0: no metrics to judge by");
        h.assertPreviousVersionServes();
    }
}
