package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.Action;
import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.kube.ClusterException;
import dev.releasepolicy.executor.state.ReleaseStatus;
import java.util.List;
import java.util.Optional;

/**
 * The steps of one process's run, from the first not completed: each step's objects are sent
 * ({@link SendObjects}), then the handler of its kind runs, then it is recorded as completed. A failed
 * step hands the release to the {@link Compensator}.
 */
final class StepLoop {

    private static final StepHandler SEND_ONLY = new SendObjects();
    private static final StepHandler WAIT_READY = new WaitReady();
    private static final StepHandler MIGRATION = new Migration();
    private static final StepHandler TIMED_WAIT = new TimedWait();
    private static final StepHandler APPROVAL = new Approval();
    private static final StepHandler ANALYSIS = new Analysis();
    private static final StepHandler OBSERVE = new Observe();

    private final StepContext ctx;

    StepLoop(StepContext ctx) {
        this.ctx = ctx;
    }

    /** Exhaustive on purpose: a new action must be given its handler here, never run as a plain change. */
    static StepHandler handlerFor(Action action) {
        return switch (action) {
            // Adoption sends its edit, then waits like wait-ready: the team's pods roll once to gain the
            // stable label, and traffic is split only after that.
            case WAIT_READY, ADOPT -> WAIT_READY;
            case MIGRATE_DATA -> MIGRATION;
            case PAUSE, RETAIN_PREVIOUS -> TIMED_WAIT;
            case APPROVAL -> APPROVAL;
            case ANALYSIS -> ANALYSIS;
            case NOTIFY, RECORD, PRECHECK_POLICY, PRECHECK_WINDOW -> OBSERVE;
            case APPLY_CONFIG,
                    DEPLOY,
                    PREPARE_TRAFFIC,
                    SET_WEIGHT,
                    SET_HEADER_ROUTE,
                    SET_MIRROR_ROUTE,
                    SWITCH_SERVICE,
                    PROMOTE,
                    CLEAN_UP -> SEND_ONLY;
        };
    }

    Outcome run() {
        int total = ctx.plan.steps().size();
        for (int i = Math.max(1, ctx.state().currentStep()); i <= total; i++) {
            PlanStep step = ctx.plan.step(i);
            if (ctx.state().isCompleted(i)) {
                continue;
            }
            if (ctx.state().currentStep() != i || ctx.state().status() != ReleaseStatus.Running) {
                int idx = i;
                ctx.session.write(
                        s -> s.withCurrentStep(idx, ctx.now()).withStatus(ReleaseStatus.Running, "", ctx.now()));
            }
            ctx.listener.stepStarted(ctx.plan, step);
            ctx.progress.line(step.label(total) + ": " + step.description());
            Optional<Outcome> stop;
            try {
                stop = runStep(step);
            } catch (StepFailure e) {
                return new Compensator(ctx).compensate(e.getMessage(), true);
            } catch (ClusterException e) {
                return new Compensator(ctx).compensate(step.label(total) + ": " + e.getMessage(), true);
            }
            if (stop.isPresent()) {
                return stop.get();
            }
            ctx.session.completed(i);
            ctx.listener.stepCompleted(ctx.plan, step);
        }
        String released = "released " + ctx.plan.version() + " of " + ctx.plan.application();
        ctx.session.stopHolding(ReleaseStatus.Succeeded, "released " + ctx.plan.version());
        ctx.progress.line("Released " + ctx.plan.version() + " of " + ctx.plan.application() + ".");
        ctx.listener.succeeded(ctx.plan, released);
        return ctx.outcome(Outcome.Result.SUCCEEDED, released, Optional.empty());
    }

    private Optional<Outcome> runStep(PlanStep step) {
        StepHandler handler = handlerFor(step.action());
        // Only the plan's objects: the planner renders every object a step creates (Jobs included).
        List<ObjectChange> changes = step.objects();
        if (!changes.isEmpty()) {
            SendObjects.send(ctx, step, changes);
        }
        return handler.run(ctx, step);
    }
}
