package dev.releasepolicy.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanCodec;
import dev.releasepolicy.executor.ApplyRequest.Mode;
import dev.releasepolicy.executor.run.Progress;
import dev.releasepolicy.executor.testing.ReferenceReleases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front-end entry points: plan-file and manifest checks that need no cluster. */
class ExecutorCommandsTest {

    private static final ExecutorCommands.Target NO_CLUSTER =
            new ExecutorCommands.Target(Optional.empty(), Optional.empty());

    /** A copy of the canary example in {@code dir} and its plan file. */
    private record Planned(Path manifest, Plan plan, Path file) {}

    private static Planned canaryPlan(Path dir) throws IOException {
        Path manifest = dir.resolve("release.yaml");
        Files.copy(ReferenceReleases.examples().resolve("canary-api.yaml"), manifest);
        Plan plan = ReferenceReleases.planOf(manifest, manifest.toString(), ReferenceReleases.NOW);
        Path planFile = dir.resolve("plan.json");
        Files.writeString(planFile, PlanCodec.writeCompact(plan), StandardCharsets.UTF_8);
        return new Planned(manifest, plan, planFile);
    }

    /** Entry points that fail the test if they contact a cluster. */
    private static ExecutorCommands noCluster() {
        return new ExecutorCommands(
                t -> {
                    throw new AssertionError("no cluster must be contacted");
                },
                java.time.Clock.systemUTC(),
                d -> {},
                dev.releasepolicy.executor.run.ExecutorSettings.defaults(),
                dev.releasepolicy.executor.testing.Analyzers.HEALTHY_WITHOUT_METRICS,
                dev.releasepolicy.executor.run.ExecutionListener.NONE);
    }

    private static CommandOutcome apply(Path plan, boolean dryRun) {
        return noCluster()
                .apply(ApplyRequest.of(plan, dryRun ? Mode.DRY_RUN_OFFLINE : Mode.APPLY, NO_CLUSTER), Progress.SILENT);
    }

    private static String text(CommandOutcome o) {
        return o.output().map(out -> ((CommandOutcome.Text) out).text()).orElse("");
    }

    @Test
    void apply_manifestChangedSincePlanning_refusedAsStale(@TempDir Path dir) throws IOException {
        Planned planned = canaryPlan(dir);
        Path manifest = planned.manifest();
        Plan plan = planned.plan();
        Path planFile = planned.file();
        Files.writeString(manifest, Files.readString(manifest).replace("replicas: 6", "replicas: 8"));

        CommandOutcome o = apply(planFile, false);
        assertThat(o.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(o.kind()).isEqualTo(CommandOutcome.Kind.REFUSED);
        assertThat(o.message())
                .contains(
                        "refusing stale plan",
                        "release.yaml",
                        plan.fingerprint().value(),
                        "manifest digest",
                        "plan' again");
    }

    @Test
    void apply_dryRunOffline_unchangedManifest_printsObjects(@TempDir Path dir) throws IOException {
        Planned planned = canaryPlan(dir);
        Path planFile = planned.file();

        CommandOutcome o = apply(planFile, true);
        assertThat(o.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(o.kind()).isEqualTo(CommandOutcome.Kind.DRY_RUN);
        assertThat(text(o))
                .contains(
                        "# offline",
                        "# + Deployment prod/orders-api-2-7-0: create",
                        "# - Deployment prod/orders-api-2-6-3: delete",
                        "nothing was changed");
    }

    @Test
    void apply_notAPlan_toolError(@TempDir Path dir) throws IOException {
        Path planFile = dir.resolve("plan.json");
        Files.writeString(planFile, "{\"kind\":\"Release\"}");
        CommandOutcome o = apply(planFile, false);
        assertThat(o.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(o.message()).contains("not a valid plan file", "/kind");
    }

    @Test
    void apply_planNotMatchingTheSchema_toolErrorNamingThePointer(@TempDir Path dir) throws IOException {
        Planned planned = canaryPlan(dir);
        tools.jackson.databind.node.ObjectNode json = dev.releasepolicy.core.plan.PlanCodec.toJson(planned.plan());
        ((tools.jackson.databind.node.ObjectNode) json.get("steps").get(3)).put("action", "teleport");
        Files.writeString(planned.file(), json.toString());
        CommandOutcome o = apply(planned.file(), false);
        assertThat(o.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(o.message()).contains("is not a valid plan file", "/steps/3/action");
    }

    @Test
    void mode_offlineWithoutDryRun_usageError() {
        assertThatThrownBy(() -> Mode.of(false, false, true))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--offline only goes with --dry-run");
    }

    @Test
    void mode_serverDryRunOffline_usageError() {
        assertThatThrownBy(() -> Mode.of(true, true, true))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--server-dry-run needs a cluster");
    }

    @Test
    void mode_fromFlags() {
        assertThat(Mode.of(false, false, false)).isEqualTo(Mode.APPLY);
        assertThat(Mode.of(true, false, true)).isEqualTo(Mode.DRY_RUN_OFFLINE);
        assertThat(Mode.of(true, false, false)).isEqualTo(Mode.DRY_RUN);
        assertThat(Mode.of(true, true, false)).isEqualTo(Mode.SERVER_DRY_RUN);
    }

    /** Entry points whose cluster is a port nobody listens on. */
    private static ExecutorCommands unreachable() {
        return new ExecutorCommands(
                t -> dev.releasepolicy.executor.kube.KubeClients.create(new io.fabric8.kubernetes.client.ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:1")
                        .build()),
                java.time.Clock.systemUTC(),
                d -> {},
                dev.releasepolicy.executor.run.ExecutorSettings.defaults(),
                dev.releasepolicy.executor.testing.Analyzers.HEALTHY_WITHOUT_METRICS,
                dev.releasepolicy.executor.run.ExecutionListener.NONE);
    }

    @Test
    void dryRun_noClusterAnswers_fallsBackToOffline_butNotWithServerDryRun(@TempDir Path dir) throws IOException {
        Planned planned = canaryPlan(dir);
        CommandOutcome offline =
                unreachable().apply(ApplyRequest.of(planned.file(), Mode.DRY_RUN, NO_CLUSTER), Progress.SILENT);
        assertThat(offline.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(offline.warnings()).anyMatch(w -> w.contains("no cluster reachable"));
        assertThat(text(offline)).contains("# offline");

        CommandOutcome serverSide =
                unreachable().apply(ApplyRequest.of(planned.file(), Mode.SERVER_DRY_RUN, NO_CLUSTER), Progress.SILENT);
        assertThat(serverSide.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(serverSide.message()).contains("hint: no answer from the Kubernetes API");
    }

    @Test
    void dryRun_programmingError_isNotHiddenByAnOfflineFallback(@TempDir Path dir) throws IOException {
        Planned planned = canaryPlan(dir);
        ExecutorCommands broken = new ExecutorCommands(
                t -> {
                    throw new IllegalStateException("a bug");
                },
                java.time.Clock.systemUTC(),
                d -> {},
                dev.releasepolicy.executor.run.ExecutorSettings.defaults(),
                dev.releasepolicy.executor.testing.Analyzers.HEALTHY_WITHOUT_METRICS,
                dev.releasepolicy.executor.run.ExecutionListener.NONE);
        assertThatThrownBy(
                        () -> broken.apply(ApplyRequest.of(planned.file(), Mode.DRY_RUN, NO_CLUSTER), Progress.SILENT))
                .hasMessage("a bug");
    }

    private static CommandOutcome applyWith(Path plan, ExecutorCommands.Rules rules) {
        return noCluster()
                .apply(
                        new ApplyRequest(plan, Mode.DRY_RUN_OFFLINE, NO_CLUSTER, Optional.of(rules), false),
                        Progress.SILENT);
    }

    @Test
    void apply_policiesChangedSincePlanning_refusedAsStale_samePoliciesAccepted(@TempDir Path dir) throws IOException {
        Planned planned = canaryPlan(dir);
        Plan plan = planned.plan();
        Path planFile = planned.file();

        CommandOutcome same = applyWith(planFile, new ExecutorCommands.Rules(java.util.List.of(), Optional.empty()));
        assertThat(same.exitCode()).as(same.message()).isEqualTo(ExitCode.OK);

        Path team = Files.createDirectories(dir.resolve("team-policies"));
        Files.writeString(team.resolve("owner.js"), """
                export const meta = {id: 'owner', severity: 'error', description: 'a team policy added after planning'};
                export function check(release, ctx) { return []; }
                """);
        CommandOutcome other =
                applyWith(planFile, new ExecutorCommands.Rules(java.util.List.of(team), Optional.empty()));
        assertThat(other.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(other.message())
                .contains("refusing stale plan", "made under other rules", "policy set digest then", "--policies");
    }

    @Test
    void apply_manifestNotReadableFromHere_warnsThatItCannotCheck(@TempDir Path dir) throws IOException {
        Planned planned = canaryPlan(dir);
        Path manifest = planned.manifest();
        Path planFile = planned.file();
        Files.delete(manifest);

        CommandOutcome o = apply(planFile, true);
        assertThat(o.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(o.warnings())
                .singleElement()
                .asString()
                .contains("cannot check", "release.yaml", "not readable from here");
    }
}
