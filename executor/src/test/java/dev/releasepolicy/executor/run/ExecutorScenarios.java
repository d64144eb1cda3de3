package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanCodec;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.state.RefusedException;
import dev.releasepolicy.executor.state.ReleaseStatus;
import dev.releasepolicy.executor.status.StatusText;
import dev.releasepolicy.executor.testing.Harness;
import dev.releasepolicy.executor.testing.ReferenceReleases;
import dev.releasepolicy.executor.testing.SimulatedKill;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * The executor's scenarios, run against a live API server: the CRUD mock server in the default build
 * ({@link MockServerScenariosTest}), a real kube-apiserver where its binaries are installed
 * ({@link KubeApiServerScenariosTest}). Every scenario asserts the resulting cluster objects.
 */
abstract class ExecutorScenarios {

    /** The weights of the new version's subset written to the VirtualService by an uninterrupted release. */
    static final Map<String, List<Integer>> WEIGHTS = Map.of(
            "blue-green-web.yaml", List.of(0, 50, 100, 0),
            "canary-api.yaml", List.of(0, 5, 20, 50, 100, 0),
            "auto-rollback.yaml", List.of(0, 10, 50, 100, 0));
    /** The Service selectors written by an uninterrupted release. */
    static final Map<String, List<String>> SELECTORS = Map.of(
            "blue-green-web.yaml", List.of("3.2.0"), "canary-api.yaml", List.of(), "auto-rollback.yaml", List.of());

    /** The API server, emptied by each scenario's harness. */
    protected abstract Cluster server();

    /** Healthy analyses (the reference releases' metrics are fine). */
    static final Analyzer HEALTHY =
            (plan, step) -> Optional.of(Analyzer.Verdict.healthy("all metrics within thresholds"));

    private Harness harness(String example) {
        return new Harness(example, server()).analyzer(HEALTHY);
    }

    // ---- end to end -----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"blue-green-web.yaml", "canary-api.yaml", "auto-rollback.yaml"})
    @DisplayName("each reference release runs to the end: weights in order, new version serves, previous one gone")
    void referenceRelease_endToEnd(String example) {
        Harness h = harness(example);
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(h.weightWrites()).isEqualTo(WEIGHTS.get(example));
        assertThat(h.selectorWrites()).isEqualTo(SELECTORS.get(example));
        h.assertNewVersionServes();
        assertThat(h.state().status()).isEqualTo(ReleaseStatus.Succeeded);
        assertThat(h.state().completedSteps()).hasSize(h.plan.steps().size());
    }

    @Test
    @DisplayName("automatic rollback: a failing analysis rolls traffic and replicas back to the previous version")
    void autoRollback_analysisFails_previousVersionRestored() {
        Harness h = harness("auto-rollback.yaml");
        int[] analyses = {0};
        h.analyzer((plan, step) -> Optional.of(
                ++analyses[0] >= 2
                        ? Analyzer.Verdict.unhealthy("errorRate 0.034 > 0.01 for 2m")
                        : Analyzer.Verdict.healthy("errorRate 0.002 <= 0.01")));
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(o.message()).contains("analysis failed", "errorRate 0.034", "step ");
        assertThat(h.weightWrites()).containsExactly(0, 10, 50, 0);
        h.assertPreviousVersionServes();
        assertThat(h.state().status()).isEqualTo(ReleaseStatus.RolledBack);
    }

    // ---- kill and resume ---------------------------------------------------------------------

    @TestFactory
    @DisplayName("killed after any step and resumed by someone else: no traffic change repeated or skipped")
    Stream<DynamicTest> killAfterStep_resume_sameTrafficSequence() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String example : ReferenceReleases.EXAMPLES) {
            Plan plan = ReferenceReleases.plan(example);
            for (PlanStep step : plan.steps()) {
                tests.add(DynamicTest.dynamicTest(
                        example + " killed after " + step.id(), () -> killAndResume(example, step.index(), false)));
            }
        }
        return tests.stream();
    }

    @TestFactory
    @DisplayName("killed between the writes of a step and resumed: the step finishes without writing twice")
    Stream<DynamicTest> killInsideStep_resume_sameTrafficSequence() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String example : ReferenceReleases.EXAMPLES) {
            Plan plan = ReferenceReleases.plan(example);
            for (PlanStep step : plan.steps()) {
                if (!step.objects().isEmpty()) {
                    tests.add(DynamicTest.dynamicTest(
                            example + " killed inside " + step.id(), () -> killAndResume(example, step.index(), true)));
                }
            }
        }
        return tests.stream();
    }

    private void killAndResume(String example, int k, boolean insideStep) {
        Harness h = harness(example);
        ExecutionListener killer = new ExecutionListener() {
            @Override
            public void objectChanged(Plan plan, PlanStep step, ObjectChange change) {
                if (insideStep && step.index() == k) {
                    throw new SimulatedKill("after writing " + change.ref() + " in " + step.id());
                }
            }

            @Override
            public void stepCompleted(Plan plan, PlanStep step) {
                if (!insideStep && step.index() == k) {
                    throw new SimulatedKill("after " + step.id());
                }
            }
        };
        ReleaseExecutor first = h.executor("alice", killer);
        boolean killed = false;
        try {
            h.drive(first, first.apply(h.plan));
        } catch (SimulatedKill e) {
            killed = true;
        }
        assertThat(killed).as("the kill happened\n" + h.log).isTrue();
        assertThat(h.state().status())
                .isIn(ReleaseStatus.Running, ReleaseStatus.Waiting, ReleaseStatus.AwaitingApproval);

        ReleaseExecutor second = h.executor("bob");
        assertThatThrownBy(() -> second.resume(h.plan.namespace(), h.plan.application()))
                .as("alice's hold is still valid")
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("alice");
        h.time.advance(Duration.ofMinutes(3));
        Outcome o = h.drive(second, second.resume(h.plan.namespace(), h.plan.application()));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(h.weightWrites()).as(h.log.toString()).isEqualTo(WEIGHTS.get(example));
        assertThat(h.selectorWrites()).isEqualTo(SELECTORS.get(example));
        h.assertNewVersionServes();
        assertThat(h.state().completedSteps()).hasSize(h.plan.steps().size()).doesNotHaveDuplicates();
    }

    // ---- rollback from every step ----------------------------------------------------------

    @TestFactory
    @DisplayName("rollback after any step restores the previous version's traffic, replicas and labels")
    Stream<DynamicTest> rollbackAfterStep_previousVersionRestored() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String example : ReferenceReleases.EXAMPLES) {
            Plan plan = ReferenceReleases.plan(example);
            for (PlanStep step : plan.steps()) {
                tests.add(DynamicTest.dynamicTest(
                        example + " rolled back after " + step.id(), () -> rollbackAfter(example, step.index())));
            }
            tests.add(DynamicTest.dynamicTest(
                    example + " rolled back after it succeeded", () -> rollbackAfter(example, Integer.MAX_VALUE)));
        }
        return tests.stream();
    }

    private void rollbackAfter(String example, int k) {
        Harness h = harness(example);
        ExecutionListener stopper = new ExecutionListener() {
            @Override
            public void stepCompleted(Plan plan, PlanStep step) {
                if (step.index() == k) {
                    throw new SimulatedKill("after " + step.id());
                }
            }
        };
        ReleaseExecutor first = h.executor("alice", stopper);
        try {
            Outcome o = h.drive(first, first.apply(h.plan));
            assertThat(o.result()).isEqualTo(Outcome.Result.SUCCEEDED);
        } catch (SimulatedKill e) {
            h.time.advance(Duration.ofMinutes(3));
        }
        Outcome o = h.executor("bob").rollback(h.plan.namespace(), h.plan.application(), "rollback requested by bob");

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        h.assertPreviousVersionServes();
        assertThat(h.state().status()).isEqualTo(ReleaseStatus.RolledBack);
        assertThat(h.state().message()).contains("rollback requested by bob");
    }

    // ---- faults ----------------------------------------------------------------------------

    @TestFactory
    @DisplayName(
            "a permanent API error at any step fails it, names step and resource, and restores the previous version")
    Stream<DynamicTest> apiErrorAtStep_compensated() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String example : ReferenceReleases.EXAMPLES) {
            Plan plan = ReferenceReleases.plan(example);
            for (PlanStep step : plan.steps()) {
                if (!step.objects().isEmpty()) {
                    tests.add(DynamicTest.dynamicTest(
                            example + " HTTP 500 at " + step.id(),
                            () -> errorAt(example, step, 500, Harness.RETRY.maxAttempts(), false)));
                    tests.add(DynamicTest.dynamicTest(
                            example + " HTTP 403 at " + step.id(), () -> errorAt(example, step, 403, 1, false)));
                    tests.add(DynamicTest.dynamicTest(
                            example + " transient 500 then 409 at " + step.id(),
                            () -> errorAt(example, step, 500, 1, true)));
                }
            }
        }
        return tests.stream();
    }

    private void errorAt(String example, PlanStep target, int code, int times, boolean transientOnly) {
        Harness h = harness(example);
        ObjectChange first = target.objects().get(0);
        ExecutionListener arm = new ExecutionListener() {
            @Override
            public void stepStarted(Plan plan, PlanStep step) {
                if (step.index() == target.index()) {
                    h.cluster.fail(c -> c.isWrite() && c.ref().equals(first.ref()), code, times);
                    if (transientOnly) {
                        h.cluster.fail(c -> c.isWrite() && c.ref().equals(first.ref()), 409, 1);
                    }
                }
            }
        };
        ReleaseExecutor exec = h.executor("alice", arm);
        Outcome o = h.drive(exec, exec.apply(h.plan));

        if (transientOnly) {
            assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
            assertThat(h.log.toString()).contains("retrying");
            assertThat(h.weightWrites()).isEqualTo(WEIGHTS.get(example));
            h.assertNewVersionServes();
            return;
        }
        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(o.message()).contains(target.id(), first.ref().toString(), "HTTP " + code);
        h.assertPreviousVersionServes();
        assertThat(h.state().status()).isEqualTo(ReleaseStatus.RolledBack);
    }

    @Test
    @DisplayName("a Deployment that never becomes ready fails the wait at its timeout and is rolled back")
    void readinessTimeout_rolledBack() {
        Harness h = harness("blue-green-web.yaml");
        h.controllers.stallDeployments();
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(o.message()).contains("08-wait-ready", "Deployment prod/web-frontend-3-2-0", "not ready within 5m");
        assertThat(h.weightWrites()).isEmpty();
        h.assertPreviousVersionServes();
    }

    @Test
    @DisplayName("a failed migration Job stops the release before any traffic moves")
    void migrationJobFails_rolledBackBeforeTraffic() {
        Harness h = harness("blue-green-web.yaml");
        h.controllers.failJobs();
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(o.message())
                .contains("05-migrate-data", "Job prod/web-frontend-migrate-v42-add-preferred-locale", "backoff limit");
        assertThat(h.weightWrites()).isEmpty();
        assertThat(h.deployment("web-frontend-3-2-0")).isEmpty();
        h.assertPreviousVersionServes();
    }

    // ---- locking and stale plans -----------------------------------------------------------------

    @Test
    @DisplayName("a second apply while a release is in progress is refused and names the holder")
    void concurrentApply_refusedNamingHolder() {
        Harness h = harness("canary-api.yaml");
        Outcome o = h.executor("alice").apply(h.plan);
        assertThat(o.result()).isEqualTo(Outcome.Result.AWAITING_APPROVAL);
        int writes = h.cluster.writes().size();

        assertThatThrownBy(() -> h.executor("bob").apply(h.plan))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("alice")
                .hasMessageContaining("in progress")
                .satisfies(e -> assertThat(((RefusedException) e).reason()).isEqualTo(RefusedException.Reason.LOCKED));
        assertThat(h.cluster.writes()).hasSize(writes);
        assertThat(h.state().holder()).isEqualTo("alice");
    }

    @Test
    @DisplayName("a running process's release cannot be resumed or rolled back by another until its hold runs out")
    void heldRelease_resumeAndRollbackRefused() {
        Harness h = harness("blue-green-web.yaml");
        ExecutionListener killAtDeploy = new ExecutionListener() {
            @Override
            public void stepCompleted(Plan plan, PlanStep step) {
                if (step.id().equals("07-deploy")) {
                    throw new SimulatedKill("after deploy");
                }
            }
        };
        ReleaseExecutor alice = h.executor("alice", killAtDeploy);
        assertThatThrownBy(() -> h.drive(alice, alice.apply(h.plan))).isInstanceOf(SimulatedKill.class);

        assertThatThrownBy(() -> h.executor("bob").rollback(h.plan.namespace(), h.plan.application(), "why not"))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("being run by alice");
        assertThatThrownBy(() -> h.executor("bob").apply(h.plan))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("alice");
        assertThat(StatusText.render(h.executor("bob").status(h.plan.namespace(), h.plan.application())))
                .contains("Running", "alice (running)", "08-wait-ready");
    }

    @Test
    @DisplayName("a plan whose fingerprint differs from the in-progress release's is refused as stale")
    void stalePlan_refused() {
        Harness h = harness("blue-green-web.yaml");
        h.executor("alice").apply(h.plan);
        ObjectNode other = PlanCodec.toJson(h.plan);
        ((ObjectNode) other.get("fingerprint"))
                .put("value", "sha256:0000000000000000000000000000000000000000000000000000000000000000");
        Plan stale = PlanCodec.read("plan.json", other);

        assertThatThrownBy(() -> h.executor("alice").apply(stale))
                .isInstanceOf(RefusedException.class)
                .hasMessageContaining("not the plan of")
                .hasMessageContaining(h.plan.fingerprint().value())
                .satisfies(
                        e -> assertThat(((RefusedException) e).reason()).isEqualTo(RefusedException.Reason.STALE_PLAN));
    }

    @Test
    @DisplayName("a long pause stops apply with 'waiting until', status shows it, resume before the time waits again")
    void longPause_stopsAndResumes() {
        Harness h = harness("blue-green-web.yaml");
        ReleaseExecutor exec = h.executor("alice");
        assertThat(exec.apply(h.plan).result()).isEqualTo(Outcome.Result.AWAITING_APPROVAL);
        Outcome o = exec.approve(h.plan.namespace(), h.plan.application());
        assertThat(o.result()).isEqualTo(Outcome.Result.WAITING);
        assertThat(o.message()).contains("waiting until 2026-12-01T15:10:", "11-pause-10m");
        assertThat(h.state().waitingUntil()).isEqualTo(o.waitingUntil());
        String status = StatusText.render(exec.status(h.plan.namespace(), h.plan.application()));
        assertThat(status)
                .contains(
                        "Waiting until",
                        "11-pause-10m",
                        "12-analysis",
                        "VirtualService prod/web-frontend route primary: blue 50%, green 50%");

        Outcome again = exec.resume(h.plan.namespace(), h.plan.application());
        assertThat(again.result()).isEqualTo(Outcome.Result.WAITING);
        assertThat(again.waitingUntil()).isEqualTo(o.waitingUntil());
        assertThat(h.weightWrites()).containsExactly(0, 50);
    }

    @Test
    @DisplayName("a short pause counts down in-process (no stop), the clock moves by exactly the pause")
    void shortPause_countsDownWithoutStopping() {
        Harness h = harness("canary-api.yaml");
        ObjectNode json = PlanCodec.toJson(h.plan);
        for (tools.jackson.databind.JsonNode s : json.path("steps")) {
            if (s.path("action").asString().equals("pause")) {
                ((ObjectNode) s).put("minimumSeconds", 90);
            }
        }
        Plan shortPauses = PlanCodec.read("plan.json", json);
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(shortPauses));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(h.log.toString())
                .doesNotContain("waiting until")
                .contains(
                        "11-pause-30m: 1m30s left",
                        "11-pause-30m: 58s left",
                        "14-pause-30m: 1m30s left",
                        "17-pause-30m: 1m30s left");
        assertThat(h.weightWrites()).isEqualTo(WEIGHTS.get("canary-api.yaml"));
        h.assertNewVersionServes();
    }

    @Test
    @DisplayName("a rollback trigger firing during a pause rolls back at once, before the pause ends")
    void triggerFiresDuringPause_automaticRollback() {
        Harness h = harness("canary-api.yaml");
        ObjectNode json = PlanCodec.toJson(h.plan);
        for (tools.jackson.databind.JsonNode s : json.path("steps")) {
            if (s.path("action").asString().equals("pause")) {
                ((ObjectNode) s).put("minimumSeconds", 90);
            }
        }
        h.analyzer(breachingIn("14-pause-30m", 3));
        ReleaseExecutor exec = h.executor("alice");
        java.time.Instant start = h.time.instant();
        Outcome o = h.drive(exec, exec.apply(PlanCodec.read("plan.json", json)));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(o.message()).contains("14-pause-30m", "automatic rollback", "errorRate 0.052");
        assertThat(h.weightWrites()).containsExactly(0, 5, 20, 0);
        h.assertPreviousVersionServes();
        assertThat(Duration.between(start, h.time.instant()))
                .as("rolled back within the pause")
                .isLessThan(Duration.ofMinutes(5));
    }

    @Test
    @DisplayName("--watch: apply stays through 30-minute pauses and a trigger firing in one rolls back without resume")
    void staying_triggerFiresDuringLongPause_rolledBackInProcess() {
        Harness h = harness("canary-api.yaml");
        // healthy through the first pause, breaching 10 minutes (300 polls of 2 s) into the second one
        h.analyzer(breachingIn("14-pause-30m", 300));
        ReleaseExecutor exec = h.stayingExecutor("alice");
        assertThat(exec.apply(h.plan).result()).isEqualTo(Outcome.Result.AWAITING_APPROVAL);
        java.time.Instant start = h.time.instant();
        Outcome o = exec.approve(h.plan.namespace(), h.plan.application(), "alice");

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(h.log.toString()).doesNotContain("waiting until");
        assertThat(o.message()).contains("14-pause-30m", "automatic rollback", "errorRate 0.052");
        assertThat(h.weightWrites()).containsExactly(0, 5, 20, 0);
        h.assertPreviousVersionServes();
        Duration took = Duration.between(start, h.time.instant());
        assertThat(took)
                .as("the whole first pause, then 10 minutes of the second")
                .isBetween(Duration.ofMinutes(40), Duration.ofMinutes(45));
    }

    /** Analyses pass; the triggers watched during {@code stepId} fire at its {@code polls}-th poll. */
    private static Analyzer breachingIn(String stepId, int polls) {
        int[] seen = {0};
        return new Analyzer() {
            @Override
            public Optional<Verdict> analyze(Plan plan, PlanStep step) {
                return Optional.of(Verdict.healthy("fine"));
            }

            @Override
            public Optional<Verdict> watch(Plan plan, PlanStep step) {
                return Optional.of(
                        step.id().equals(stepId) && ++seen[0] >= polls
                                ? Verdict.unhealthy("errorRate 0.052 > 0.01 for 2m")
                                : Verdict.healthy("fine"));
            }
        };
    }

    /** Analyses are healthy except at {@code stepId}, where no data makes them inconclusive. */
    private static Analyzer inconclusiveAt(String stepId) {
        return (plan, step) -> Optional.of(
                step.id().equals(stepId)
                        ? Analyzer.Verdict.inconclusive("errorRate: Prometheus at http://127.0.0.1:9 is unreachable")
                        : Analyzer.Verdict.healthy("fine"));
    }

    @Test
    @DisplayName("an inconclusive analysis pauses the release with traffic as it is; approve goes on to the end")
    void inconclusiveAnalysis_pauses_thenApproveGoesOn() {
        InconclusivePause p = pausedAtInconclusive("10-analysis");
        Harness h = p.h();
        ReleaseExecutor exec = p.exec();
        Outcome o = p.outcome();
        String ns = h.plan.namespace();
        String app = h.plan.application();

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.AWAITING_APPROVAL);
        assertThat(o.message())
                .contains("analysis inconclusive", "10-analysis", "unreachable", "release-policy rollback");
        assertThat(h.state().status()).isEqualTo(ReleaseStatus.AwaitingApproval);
        assertThat(h.weightWrites())
                .as("not promoted past the first weight")
                .contains(10)
                .doesNotContain(50, 100);
        assertThat(StatusText.render(exec.status(ns, app)))
                .contains("analysis inconclusive", "release-policy rollback");

        Outcome done = h.drive(exec, exec.approve(ns, app, "oncall"));
        assertThat(done.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(h.log.toString()).contains("inconclusive before, continued on approval");
        h.assertNewVersionServes();
    }

    @Test
    @DisplayName("an inconclusive analysis pauses; rollback then restores the previous version's traffic")
    void inconclusiveAnalysis_pauses_thenRollbackRestores() {
        InconclusivePause p = pausedAtInconclusive("12-analysis");
        Harness h = p.h();
        Outcome o = p.outcome();
        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.AWAITING_APPROVAL);
        assertThat(o.message()).contains("12-analysis");
        assertThat(h.weightWrites()).contains(50).doesNotContain(100);

        Outcome back = p.exec().rollback(h.plan.namespace(), h.plan.application(), "no metrics, not worth the risk");
        assertThat(back.result()).isEqualTo(Outcome.Result.ROLLED_BACK);
        h.assertPreviousVersionServes();
    }

    /** A release of auto-rollback.yaml whose analysis at {@code stepId} is inconclusive, after the release approval. */
    private record InconclusivePause(Harness h, ReleaseExecutor exec, Outcome outcome) {}

    private InconclusivePause pausedAtInconclusive(String stepId) {
        Harness h = harness("auto-rollback.yaml");
        h.analyzer(inconclusiveAt(stepId));
        ReleaseExecutor exec = h.executor("alice");
        assertThat(exec.apply(h.plan).result()).isEqualTo(Outcome.Result.AWAITING_APPROVAL); // the release approval
        return new InconclusivePause(h, exec, exec.approve(h.plan.namespace(), h.plan.application(), "lead"));
    }

    /** Analyses fail at {@code stepId}; after the rollback the metrics are {@code recovered} or not. */
    private static Analyzer failingAt(String stepId, boolean recovered) {
        return new Analyzer() {
            @Override
            public Optional<Verdict> analyze(Plan plan, PlanStep step) {
                return Optional.of(
                        step.id().equals(stepId)
                                ? Verdict.unhealthy("errorRate = 0.05 is above max 0.01")
                                : Verdict.healthy("fine"));
            }

            @Override
            public Optional<Verdict> verifyRecovery(Plan plan) {
                return Optional.of(
                        recovered
                                ? Verdict.healthy("recovered: errorRate = 0.001 (2 healthy rounds)")
                                : Verdict.unhealthy("errorRate = 0.04 is above max 0.01 after 5m"));
            }
        };
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    @DisplayName("after a failed analysis rolls back, recovery is checked with the release's metrics and reported")
    void failedAnalysis_rollback_thenRecoveryChecked(boolean recovered) {
        Harness h = harness("auto-rollback.yaml");
        h.analyzer(failingAt("12-analysis", recovered));
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).isEqualTo(Outcome.Result.ROLLED_BACK);
        h.assertPreviousVersionServes();
        if (recovered) {
            assertThat(o.message()).contains("analysis failed", "(recovery verified)");
            assertThat(o.notes()).noneMatch(n -> n.contains("recovery not verified"));
        } else {
            assertThat(o.message()).contains("recovery NOT verified", "0.04");
            assertThat(o.notes()).anyMatch(n -> n.contains("recovery not verified"));
        }
        assertThat(h.state().message()).isEqualTo(o.message());
    }
}
