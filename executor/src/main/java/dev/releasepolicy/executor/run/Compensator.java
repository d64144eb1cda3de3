package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.Action;
import dev.releasepolicy.core.plan.Compensation;
import dev.releasepolicy.core.plan.Jobs;
import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.kube.ClusterException;
import dev.releasepolicy.executor.kube.ObjectWriter;
import dev.releasepolicy.executor.state.ReleaseState;
import dev.releasepolicy.executor.state.ReleaseStatus;
import dev.releasepolicy.executor.state.Snapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Undoes a release: the steps that changed objects, newest first, by putting the recorded objects
 * back (this is {@code kubectl rollout undo} for a Deployment, the previous selector for a Service, the
 * previous weights for a VirtualService), waiting for re-created or reverted Deployments to be ready
 * before traffic moves back to them. Steps already undone (by a killed earlier rollback) are skipped.
 */
final class Compensator {

    private final StepContext ctx;
    private final Plan plan;

    Compensator(StepContext ctx) {
        this.ctx = ctx;
        this.plan = ctx.plan;
    }

    private ReleaseState state() {
        return ctx.state();
    }

    /**
     * Rolls back every step that changed something, newest first. With {@code checkRecovery} (a
     * failure during the run, not a rollback someone asked for), the release's metrics are then
     * checked for recovery, after the state already says RolledBack.
     */
    Outcome compensate(String cause, boolean checkRecovery) {
        ctx.progress.line("Rolling back: " + cause);
        ctx.listener.rollingBack(plan, cause);
        ctx.session.write(s -> s.withStatus(ReleaseStatus.RollingBack, cause, ctx.now()));
        List<Integer> steps = new ArrayList<>(state().snapshots().keySet());
        steps.sort(Comparator.reverseOrder());
        for (int k : steps) {
            if (state().compensated().contains(k)) {
                continue;
            }
            PlanStep step = plan.step(k);
            try {
                undo(step);
            } catch (ClusterException | StepFailure e) {
                String msg = "rollback of " + ctx.label(step) + " failed: " + e.getMessage()
                        + " (release failed because: " + cause + ")";
                ctx.session.stopHolding(ReleaseStatus.RollbackFailed, msg);
                ctx.progress.line(msg);
                ctx.listener.rollbackFailed(plan, msg);
                return ctx.outcome(Outcome.Result.ROLLBACK_FAILED, msg, Optional.empty());
            }
            ctx.session.write(s -> s.withCompensated(k, ctx.now()));
            ctx.listener.compensated(plan, step);
        }
        for (Integer k : state().completedSteps()) {
            PlanStep step = plan.step(k);
            Compensation.Kind kind = step.compensation().kind();
            if (kind == Compensation.Kind.MANUAL || (kind == Compensation.Kind.DOWN_MIGRATION && noDownJob(step))) {
                ctx.note(ctx.label(step) + " needs a person: "
                        + step.compensation().description());
            }
        }
        String previous = plan.previousVersion().orElse("the previous state");
        String rolled = "rolled back to " + previous + ": " + cause;
        // spec.rollback.afterRollback is checked after any rollback, automatic or asked for; its Jobs run
        // while the release still holds its lease.
        boolean afterRollback = !plan.rollback().afterRollback().isEmpty();
        Optional<Analyzer.Verdict> jobs = afterRollback ? afterRollbackJobs() : Optional.empty();
        ctx.session.stopHolding(ReleaseStatus.RolledBack, rolled);
        String msg = rolled;
        Optional<Analyzer.Verdict> recovery =
                checkRecovery || afterRollback ? combine(jobs, ctx.analyzer.verifyRecovery(plan)) : Optional.empty();
        if (recovery.isPresent()) {
            boolean ok = recovery.get().healthy();
            String summary = recovery.get().summary();
            msg = rolled + (ok ? " (recovery verified)" : " (recovery NOT verified: " + summary + ")");
            ctx.progress.line((ok ? "  recovery verified: " : "  recovery NOT verified: ") + summary);
            if (!ok) {
                ctx.note("recovery not verified after the rollback: " + summary
                        + "; look at the previous version's metrics");
            }
            ctx.listener.recovery(plan, ok, summary);
            String withRecovery = msg;
            ctx.session.write(s -> s.withStatus(ReleaseStatus.RolledBack, withRecovery, ctx.now()));
        }
        ctx.progress.line("Rolled back " + plan.application() + " to " + previous + ".");
        Outcome outcome = ctx.outcome(Outcome.Result.ROLLED_BACK, msg, Optional.empty());
        outcome.notes().forEach(n -> ctx.progress.line("  note: " + n));
        ctx.listener.rolledBack(plan, msg);
        return outcome;
    }

    /**
     * Runs the Jobs of the {@code job} checks of {@code spec.rollback.afterRollback} (plan objects of the
     * rollback) and waits for each: all complete is healthy, a failed or missing one unhealthy. Never
     * rolls anything back: the verdict is only recorded and notified.
     */
    private Optional<Analyzer.Verdict> afterRollbackJobs() {
        List<ObjectChange> jobs = plan.rollback().afterRollbackJobs();
        if (jobs.isEmpty()) {
            return Optional.empty();
        }
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        PlanStep first = plan.step(1);
        for (ObjectChange job : jobs) {
            String metric = Jobs.checkOf(job).orElse(job.name());
            try {
                ctx.writer.send(job, false);
                ctx.waitFor(first, job.ref(), Migration.DEFAULT_TIMEOUT);
                passed.add("job check " + metric + " passed");
            } catch (StepFailure | ClusterException e) {
                failed.add("job check " + metric + " failed: " + e.getMessage());
            }
        }
        return Optional.of(
                failed.isEmpty()
                        ? Analyzer.Verdict.healthy(String.join(", ", passed))
                        : Analyzer.Verdict.unhealthy(String.join("; ", failed)));
    }

    /** Both verdicts after a rollback: healthy only when every present one is. */
    private static Optional<Analyzer.Verdict> combine(
            Optional<Analyzer.Verdict> jobs, Optional<Analyzer.Verdict> metrics) {
        if (jobs.isEmpty()) {
            return metrics;
        }
        if (metrics.isEmpty()) {
            return jobs;
        }
        Analyzer.Verdict j = jobs.get();
        Analyzer.Verdict m = metrics.get();
        String summary = j.summary() + "; " + m.summary();
        if (j.healthy() && m.healthy()) {
            return Optional.of(Analyzer.Verdict.healthy(summary));
        }
        return Optional.of(
                m.inconclusive() && j.healthy()
                        ? Analyzer.Verdict.inconclusive(summary)
                        : Analyzer.Verdict.unhealthy(summary));
    }

    /** A migration step whose down-migration the executor cannot run (no Job image in the manifest). */
    private static boolean noDownJob(PlanStep step) {
        return step.action() == Action.MIGRATE_DATA
                && step.parameters().path("image").asString("").isEmpty();
    }

    private void undo(PlanStep step) {
        ctx.progress.line(
                "  undo " + ctx.label(step) + ": " + step.compensation().description());
        if (step.compensation().kind() == Compensation.Kind.DOWN_MIGRATION
                && step.action() == Action.MIGRATE_DATA
                && state().completedSteps().contains(step.index())) {
            Optional<ObjectChange> down = MigrationJobs.down(plan, step);
            if (down.isPresent()) {
                ctx.writer.send(down.get(), false);
                ctx.waitFor(step, down.get().ref(), step.timeout().orElse(Migration.DEFAULT_TIMEOUT));
            }
        }
        List<Snapshot> snaps = new ArrayList<>(state().snapshots().get(step.index()));
        Collections.reverse(snaps);
        for (Snapshot snap : snaps) {
            int first = firstStepTouching(snap.ref());
            if (first != step.index()) {
                // An earlier step holds the state before the release touched the object: it goes
                // straight back there when that step is undone, with no intermediate states.
                ctx.progress.line("    " + snap.ref() + ": restored with step " + first);
                continue;
            }
            ObjectWriter.Effect effect = ctx.writer.restore(snap.ref(), snap.before());
            ctx.progress.line("    " + snap.ref() + ": "
                    + (effect == ObjectWriter.Effect.UNCHANGED
                            ? "as before"
                            : effect.name().toLowerCase(Locale.ROOT)));
            if (effect != ObjectWriter.Effect.UNCHANGED
                    && snap.before().isPresent()
                    && snap.ref().kind().equals("Deployment")) {
                ctx.waitFor(step, snap.ref(), step.timeout().orElse(ctx.settings.defaultReadyTimeout()));
            }
            ctx.session.renewLease();
        }
    }

    private int firstStepTouching(ObjectRef ref) {
        return state().snapshots().entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(sn -> sn.ref().equals(ref)))
                .mapToInt(Map.Entry::getKey)
                .min()
                .orElseThrow();
    }
}
