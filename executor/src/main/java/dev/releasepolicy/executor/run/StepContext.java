package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.ClusterException;
import dev.releasepolicy.executor.kube.ObjectWriter;
import dev.releasepolicy.executor.kube.Readiness;
import dev.releasepolicy.executor.kube.Retrier;
import dev.releasepolicy.executor.state.ReleaseSession;
import dev.releasepolicy.executor.state.ReleaseState;
import dev.releasepolicy.executor.state.ReleaseStatus;
import dev.releasepolicy.executor.wait.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What the step handlers and the {@link Compensator} share during one process's run of a plan: the
 * plan, the session that holds its state, the cluster, where progress goes, and the notes for people
 * collected on the way. Also the waits every handler uses (readiness, triggers).
 */
final class StepContext {

    final Plan plan;
    final ReleaseSession session;
    final ExecutorSettings settings;
    final ExecutionListener listener;
    final Progress progress;
    final Analyzer analyzer;
    final ObjectWriter writer;
    private final Cluster cluster;
    private final Retrier retrier;
    private final Readiness readiness;
    private final Sleeper sleeper;
    private final List<String> notes = new ArrayList<>();

    StepContext(Plan plan, ReleaseSession session, Services services) {
        this.plan = plan;
        this.session = session;
        this.settings = services.settings();
        this.listener = services.listener();
        this.progress = services.progress();
        this.analyzer = services.analyzer();
        this.cluster = services.cluster();
        this.retrier = services.retrier();
        this.readiness = services.readiness();
        this.sleeper = services.sleeper();
        this.writer = new ObjectWriter(cluster, retrier);
    }

    /** What a run needs from its executor, once. */
    record Services(
            Cluster cluster,
            Retrier retrier,
            Readiness readiness,
            Sleeper sleeper,
            ExecutorSettings settings,
            Analyzer analyzer,
            ExecutionListener listener,
            Progress progress) {}

    ReleaseState state() {
        return session.state();
    }

    Instant now() {
        return session.now();
    }

    String label(PlanStep step) {
        return step.label(plan.steps().size());
    }

    /** Something a person should know, told now and kept for the outcome. */
    void note(String text) {
        notes.add(text);
        progress.line("  note: " + text);
    }

    /** How the run ended, with the notes collected so far. */
    Outcome outcome(Outcome.Result result, String message, Optional<Instant> waitingUntil) {
        return new Outcome(result, message, waitingUntil, notes);
    }

    /** Stops the process at a wait or a pause: nobody holds the release until someone continues it. */
    Outcome stop(PlanStep step, ReleaseStatus status, String stateMessage, String message, Optional<Instant> until) {
        session.stopHolding(status, stateMessage);
        progress.line(message);
        listener.paused(plan, step, message);
        return outcome(
                status == ReleaseStatus.Waiting ? Outcome.Result.WAITING : Outcome.Result.AWAITING_APPROVAL,
                message,
                until);
    }

    Optional<JsonNode> get(PlanStep step, ObjectRef ref) {
        try {
            return retrier.call(() -> cluster.get(ref));
        } catch (ClusterException e) {
            throw new StepFailure(label(step) + ": " + e.getMessage(), e);
        }
    }

    /** Waits until a Deployment is ready or a Job complete; fails the step when it fails or times out. */
    void waitFor(PlanStep step, ObjectRef ref, Duration timeout) {
        Instant deadline = now().plus(timeout);
        while (true) {
            Optional<JsonNode> live = get(step, ref);
            if (live.isEmpty()) {
                throw new StepFailure(label(step) + ": " + ref + " not found while waiting for it");
            }
            Readiness.State st =
                    ref.kind().equals("Job") ? readiness.job(live.get()) : readiness.deployment(live.get());
            if (st.ready()) {
                progress.line("  " + ref + " ready (" + st.detail() + ")");
                return;
            }
            if (st.failed()) {
                throw new StepFailure(label(step) + ": " + ref + " failed: " + st.detail());
            }
            if (!now().isBefore(deadline)) {
                throw new StepFailure(label(step) + ": " + ref + " not ready within " + Progress.format(timeout) + " ("
                        + st.detail() + ")");
            }
            progress.countdown("waiting for " + ref + " (" + st.detail() + ")", Duration.between(now(), deadline));
            sleep(step, settings.pollInterval());
        }
    }

    /** Sleeps one poll, then watches the step's triggers and renews the lease. */
    void sleep(PlanStep step, Duration duration) {
        sleeper.sleepUninterruptibly(duration);
        watchTriggers(step);
        session.renewLease();
    }

    /** Automatic rollback: a trigger the step watches has fired. */
    private void watchTriggers(PlanStep step) {
        if (step.watches().isEmpty() || state().status() == ReleaseStatus.RollingBack) {
            return;
        }
        Optional<Analyzer.Verdict> v = analyzer.watch(plan, step);
        if (v.isPresent() && !v.get().healthy()) {
            throw new StepFailure(
                    label(step) + ": automatic rollback: " + v.get().summary());
        }
    }
}
