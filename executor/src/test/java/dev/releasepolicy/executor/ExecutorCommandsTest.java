package dev.releasepolicy.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanCodec;
import dev.releasepolicy.executor.testing.ReferenceReleases;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

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

    private int apply(Path plan, boolean dryRun) {
        return noCluster()
                .apply(
                        plan,
                        dryRun,
                        false,
                        dryRun,
                        NO_CLUSTER,
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        false);
    }

    @Test
    void apply_manifestChangedSincePlanning_refusedAsStale(@TempDir Path dir) throws IOException {
        Planned planned = canaryPlan(dir);
        Path manifest = planned.manifest();
        Plan plan = planned.plan();
        Path planFile = planned.file();
        Files.writeString(manifest, Files.readString(manifest).replace("replicas: 6", "replicas: 8"));

        assertThat(apply(planFile, false)).isEqualTo(ExecutorCommands.EXIT_REFUSED);
        assertThat(err.toString())
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

        assertThat(apply(planFile, true)).isEqualTo(ExecutorCommands.EXIT_OK);
        assertThat(out.toString())
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
        assertThat(apply(planFile, false)).isEqualTo(ExecutorCommands.EXIT_TOOL);
        assertThat(err.toString()).contains("not a valid plan file", "/kind");
    }

    @Test
    void apply_planNotMatchingTheSchema_toolErrorNamingThePointer(@TempDir Path dir) throws IOException {
        Planned planned = canaryPlan(dir);
        tools.jackson.databind.node.ObjectNode json = dev.releasepolicy.core.plan.PlanCodec.toJson(planned.plan());
        ((tools.jackson.databind.node.ObjectNode) json.get("steps").get(3)).put("action", "teleport");
        Files.writeString(planned.file(), json.toString());
        assertThat(apply(planned.file(), false)).isEqualTo(ExecutorCommands.EXIT_TOOL);
        assertThat(err.toString()).contains("is not a valid plan file", "/steps/3/action");
    }

    @Test
    void apply_offlineWithoutDryRun_usageError(@TempDir Path dir) throws IOException {
        Planned planned = canaryPlan(dir);
        int code = noCluster()
                .apply(
                        planned.file(),
                        false,
                        false,
                        true,
                        NO_CLUSTER,
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        false);
        assertThat(code).isEqualTo(ExecutorCommands.EXIT_TOOL);
        assertThat(err.toString()).contains("--offline only goes with --dry-run");
    }

    @Test
    void apply_serverDryRunOffline_usageError(@TempDir Path dir) throws IOException {
        Planned planned = canaryPlan(dir);
        int code = noCluster()
                .apply(
                        planned.file(),
                        true,
                        true,
                        true,
                        NO_CLUSTER,
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        false);
        assertThat(code).isEqualTo(ExecutorCommands.EXIT_TOOL);
        assertThat(err.toString()).contains("--server-dry-run needs a cluster");
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
        assertThat(unreachable()
                        .apply(
                                planned.file(),
                                true,
                                false,
                                false,
                                NO_CLUSTER,
                                new PrintWriter(out, true),
                                new PrintWriter(err, true),
                                false))
                .isEqualTo(ExecutorCommands.EXIT_OK);
        assertThat(err.toString()).contains("no cluster reachable");
        assertThat(out.toString()).contains("# offline");

        assertThat(unreachable()
                        .apply(
                                planned.file(),
                                true,
                                true,
                                false,
                                NO_CLUSTER,
                                new PrintWriter(out, true),
                                new PrintWriter(err, true),
                                false))
                .isEqualTo(ExecutorCommands.EXIT_TOOL);
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
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> broken.apply(
                        planned.file(),
                        true,
                        false,
                        false,
                        NO_CLUSTER,
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        false))
                .hasMessage("a bug");
        assertThat(out.toString()).doesNotContain("# offline");
    }

    private int applyWith(Path plan, ExecutorCommands.Rules rules) {
        return noCluster()
                .apply(
                        plan,
                        Optional.of(rules),
                        true,
                        false,
                        true,
                        NO_CLUSTER,
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        false);
    }

    @Test
    void apply_policiesChangedSincePlanning_refusedAsStale_samePoliciesAccepted(@TempDir Path dir) throws IOException {
        Planned planned = canaryPlan(dir);
        Plan plan = planned.plan();
        Path planFile = planned.file();

        assertThat(applyWith(planFile, new ExecutorCommands.Rules(java.util.List.of(), Optional.empty())))
                .as(err.toString())
                .isEqualTo(ExecutorCommands.EXIT_OK);

        Path team = Files.createDirectories(dir.resolve("team-policies"));
        Files.writeString(team.resolve("owner.js"), """
                export const meta = {id: 'owner', severity: 'error', description: 'a team policy added after planning'};
                export function check(release, ctx) { return []; }
                """);
        assertThat(applyWith(planFile, new ExecutorCommands.Rules(java.util.List.of(team), Optional.empty())))
                .isEqualTo(ExecutorCommands.EXIT_REFUSED);
        assertThat(err.toString())
                .contains("refusing stale plan", "made under other rules", "policy set digest then", "--policies");
    }

    @Test
    void apply_manifestNotReadableFromHere_warnsThatItCannotCheck(@TempDir Path dir) throws IOException {
        Planned planned = canaryPlan(dir);
        Path manifest = planned.manifest();
        Path planFile = planned.file();
        Files.delete(manifest);

        assertThat(apply(planFile, true)).isEqualTo(ExecutorCommands.EXIT_OK);
        assertThat(err.toString()).contains("warning: cannot check", "release.yaml", "not readable from here");
    }
}
