package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.Readiness;
import dev.releasepolicy.executor.kube.Retrier;
import dev.releasepolicy.executor.state.Lease;
import dev.releasepolicy.executor.state.RefusedException;
import dev.releasepolicy.executor.state.RefusedException.Reason;
import dev.releasepolicy.executor.state.ReleaseLock;
import dev.releasepolicy.executor.state.ReleaseSession;
import dev.releasepolicy.executor.state.ReleaseState;
import dev.releasepolicy.executor.state.ReleaseStatus;
import dev.releasepolicy.executor.state.StateStore;
import dev.releasepolicy.executor.status.StatusQuery;
import dev.releasepolicy.executor.status.StatusView;
import dev.releasepolicy.executor.wait.Sleeper;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Runs a plan on a cluster, step by step, keeping its progress in the application's state ConfigMap
 * ({@link StateStore}) so that it can stop at long waits, be killed at any point, and be resumed,
 * approved or rolled back by another process.
 *
 * <p>How a step runs: before it sends anything, the objects it touches are recorded as they are
 * ({@link Snapshot}s, written to the state); then its objects are sent idempotently
 * ({@link ObjectWriter}); then it waits for what it waits for (readiness, a Job, a pause, an
 * approval, an analysis); then it is recorded as completed. A step re-entered after a kill sends only
 * what is not in place yet, so no traffic change is made twice and none is skipped.
 *
 * <p>This class holds the command rules (who may start, resume, approve or roll back what); the step
 * loop is {@link StepLoop} with one {@link StepHandler} per kind of step, the undoing of a failed
 * release is the {@link Compensator}, the lock and lease live in {@code executor.state}
 * ({@link ReleaseLock}, {@link ReleaseSession}), and {@code status} is a {@link StatusView}.
 */
public final class ReleaseExecutor {

    private final Clock clock;
    private final ExecutorSettings settings;
    private final ExecutionListener listener;
    private final Progress progress;
    private final StateStore store;
    private final ReleaseLock lock;
    private final StatusQuery statusQuery;
    private final StepContext.Services services;

    public ReleaseExecutor(
            Cluster cluster,
            Clock clock,
            Sleeper sleeper,
            ExecutorSettings settings,
            Readiness readiness,
            Analyzer analyzer,
            ExecutionListener listener,
            Progress progress) {
        this.clock = clock;
        this.settings = settings;
        this.listener = listener;
        this.progress = progress;
        Retrier retrier = new Retrier(settings.retry(), sleeper, progress::notice);
        this.store = new StateStore(cluster, retrier);
        this.lock = new ReleaseLock(store, new Lease(settings.holder(), settings.lease(), clock));
        this.statusQuery = new StatusQuery(cluster, retrier);
        this.services =
                new StepContext.Services(cluster, retrier, readiness, sleeper, settings, analyzer, listener, progress);
    }

    /** The state store this executor writes (for status and tests). */
    public StateStore store() {
        return store;
    }

    // ---- commands ------------------------------------------------------------------------------

    /**
     * Starts a release. Refused when another release of the application is in progress (the message
     * names its holder), or when its fingerprint differs from the in-progress release's.
     */
    public Outcome apply(Plan plan) {
        ReleaseSession session = lock.start(plan);
        progress.line("Applying " + describe(plan) + " (plan " + plan.shortFingerprint() + ", "
                + plan.steps().size() + " steps) as " + settings.holder());
        listener.started(plan);
        return new StepLoop(context(plan, session)).run();
    }

    /** Continues a release stopped at a wait, or one whose process was killed. */
    public Outcome resume(String namespace, String application) {
        ReleaseState state = lock.existing(namespace, application);
        switch (state.status()) {
            case Succeeded, RolledBack ->
                throw new RefusedException(
                        Reason.NOTHING_TO_DO,
                        "nothing to resume: the release " + state.release() + " of " + application + " is "
                                + state.status() + " (" + state.message() + ")");
            case RollbackFailed ->
                throw new RefusedException(
                        Reason.NOTHING_TO_DO,
                        "the rollback of " + state.release() + " failed (" + state.message()
                                + "): fix the cause and run 'release-policy rollback " + application + "'");
            default -> {}
        }
        Plan plan = ReleaseLock.planOf(state);
        ReleaseSession session = lock.takeOver(state);
        StepContext ctx = context(plan, session);
        if (session.state().status() == ReleaseStatus.RollingBack) {
            progress.line("Resuming the rollback of " + describe(plan));
            return new Compensator(ctx).compensate(session.state().message(), false);
        }
        progress.line("Resuming " + describe(plan) + " at step "
                + session.state().currentStep() + "/" + plan.steps().size());
        return new StepLoop(ctx).run();
    }

    /**
     * Approves the manual pause a release stopped at as the operating-system user, see
     * {@link #approve(String, String, String)}.
     */
    public Outcome approve(String namespace, String application) {
        return approve(namespace, application, null);
    }

    /**
     * Records {@code approver}'s approval of the manual pause the release stopped at. Once as many
     * different people as the step requires ({@code approvals.required}) have approved, the pause is
     * released and the release continues; before that it stays stopped and says how many are missing.
     * A second approval by the same name is refused. No {@code approver} (null or blank) is the
     * operating-system user.
     */
    public Outcome approve(String namespace, String application, String approver) {
        ReleaseState state = lock.existing(namespace, application);
        if (state.status() != ReleaseStatus.AwaitingApproval) {
            throw new RefusedException(
                    Reason.NOTHING_TO_DO,
                    "nothing to approve: the release " + state.release() + " of " + application + " is "
                            + state.status() + " at step " + state.currentStep());
        }
        String who =
                approver == null || approver.isBlank() ? System.getProperty("user.name", "unknown") : approver.strip();
        int step = state.currentStep();
        Plan plan = ReleaseLock.planOf(state);
        int required = Math.max(1, plan.step(step).parameters().path("required").asInt(1));
        if (state.approvals().contains(who)) {
            throw new RefusedException(
                    Reason.NOTHING_TO_DO,
                    who + " has approved " + plan.step(step).label(plan.steps().size())
                            + " of " + state.release() + " already; it needs " + required
                            + " approvals from different people ("
                            + state.approvals().size() + " so far: " + String.join(", ", state.approvals()) + ")");
        }
        ReleaseState noted = lock.update(state, s -> s.withApproval(who, clock.instant()));
        listener.approved(plan, plan.step(step), who);
        int have = noted.approvals().size();
        if (have < required) {
            String msg = "approved by " + String.join(", ", noted.approvals()) + " (" + have + " of " + required
                    + "): waiting for " + (required - have) + " more approval" + (required - have == 1 ? "" : "s")
                    + " from someone else: run 'release-policy approve " + application + " --as NAME'";
            progress.line(msg);
            return new Outcome(Outcome.Result.AWAITING_APPROVAL, msg, Optional.empty(), List.of());
        }
        ReleaseState approved = lock.update(noted, s -> s.withApproved(step, clock.instant()));
        progress.line(
                "Approved step " + step + " of " + state.release() + " by " + String.join(", ", approved.approvals()));
        return resume(approved.namespace(), approved.application());
    }

    /** Rolls the release back now, from wherever it is (also after it succeeded). */
    public Outcome rollback(String namespace, String application, String reason) {
        ReleaseState state = lock.existing(namespace, application);
        if (state.status() == ReleaseStatus.RolledBack) {
            throw new RefusedException(
                    Reason.NOTHING_TO_DO,
                    "the release " + state.release() + " of " + application + " is rolled back already");
        }
        Plan plan = ReleaseLock.planOf(state);
        return new Compensator(context(plan, lock.takeOver(state))).compensate(reason, false);
    }

    /** What {@code status} shows: the recorded state, the live traffic, and what happens next. */
    public StatusView status(String namespace, String application) {
        ReleaseState s = lock.existing(namespace, application);
        return statusQuery.view(s, ReleaseLock.planOf(s), clock.instant());
    }

    /** The live routing of a plan's Services and VirtualServices, one line each. */
    public List<String> traffic(Plan plan) {
        return statusQuery.traffic(plan);
    }

    private StepContext context(Plan plan, ReleaseSession session) {
        return new StepContext(plan, session, services);
    }

    private static String describe(Plan plan) {
        return "release " + plan.release() + " (" + plan.application() + " "
                + plan.previousVersion().map(p -> p + " -> ").orElse("") + plan.version() + ", "
                + plan.metadata().strategy().manifestName() + ") in " + plan.namespace();
    }
}
