package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.plan.Action;
import dev.releasepolicy.core.plan.Compensation;
import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanCodec;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.kube.Cluster;
import dev.releasepolicy.executor.kube.ClusterException;
import dev.releasepolicy.executor.kube.ObjectWriter;
import dev.releasepolicy.executor.kube.Readiness;
import dev.releasepolicy.executor.kube.Retrier;
import dev.releasepolicy.executor.state.RefusedException;
import dev.releasepolicy.executor.state.RefusedException.Reason;
import dev.releasepolicy.executor.state.ReleaseState;
import dev.releasepolicy.executor.state.ReleaseStatus;
import dev.releasepolicy.executor.state.Snapshot;
import dev.releasepolicy.executor.state.StateStore;
import dev.releasepolicy.executor.wait.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

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
 * <p>When a step fails, the executor undoes the steps that changed objects, newest first, by putting
 * the recorded objects back (this is {@code kubectl rollout undo} for a Deployment, the previous
 * selector for a Service, the previous weights for a VirtualService), waiting for re-created or
 * reverted Deployments to be ready before traffic moves back to them.
 */
public final class ReleaseExecutor {

    /** How the state message of a release paused at an inconclusive analysis begins (status reads it). */
    private static final String INCONCLUSIVE = "analysis inconclusive";

    private final Cluster cluster;
    private final StateStore store;
    private final ObjectWriter writer;
    private final Retrier retrier;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ExecutorSettings settings;
    private final Readiness readiness;
    private final Analyzer analyzer;
    private final ExecutionListener listener;
    private final Progress progress;

    public ReleaseExecutor(
            Cluster cluster,
            Clock clock,
            Sleeper sleeper,
            ExecutorSettings settings,
            Readiness readiness,
            Analyzer analyzer,
            ExecutionListener listener,
            Progress progress) {
        this.cluster = cluster;
        this.clock = clock;
        this.sleeper = sleeper;
        this.settings = settings;
        this.readiness = readiness;
        this.analyzer = analyzer;
        this.listener = listener;
        this.progress = progress;
        this.retrier = new Retrier(settings.retry(), sleeper, msg -> progress.line("  " + msg));
        this.store = new StateStore(cluster, retrier);
        this.writer = new ObjectWriter(cluster, retrier);
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
        Instant now = clock.instant();
        ReleaseState fresh = new ReleaseState(
                plan.application(),
                plan.namespace(),
                Optional.empty(),
                settings.holder(),
                Optional.of(now.plus(settings.lease())),
                plan.release(),
                plan.version(),
                plan.fingerprint().value(),
                ReleaseStatus.Running,
                1,
                List.of(),
                List.of(),
                Optional.empty(),
                0,
                List.of(),
                "",
                now,
                now,
                PlanCodec.writeCompact(plan),
                Map.of());
        ReleaseState state;
        while (true) {
            Optional<ReleaseState> existing = store.read(plan.namespace(), plan.application());
            if (existing.isEmpty()) {
                Optional<ReleaseState> created = store.create(fresh);
                if (created.isEmpty()) {
                    continue;
                }
                state = created.get();
                break;
            }
            ReleaseState old = existing.get();
            if (old.status().isActive()) {
                throw refusedInProgress(old, plan);
            }
            try {
                state = store.update(
                        old, s -> fresh.withResourceVersion(s.resourceVersion().orElseThrow()));
                break;
            } catch (RefusedException e) {
                // someone else wrote the state between our read and write: look again
            }
        }
        progress.line("Applying " + describe(plan) + " (plan " + plan.shortFingerprint() + ", "
                + plan.steps().size() + " steps) as " + settings.holder());
        listener.started(plan);
        return new Run(plan, state).steps();
    }

    /** Continues a release stopped at a wait, or one whose process was killed. */
    public Outcome resume(String namespace, String application) {
        ReleaseState state = existing(namespace, application);
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
        Plan plan = planOf(state);
        state = takeOver(state);
        if (state.status() == ReleaseStatus.RollingBack) {
            progress.line("Resuming the rollback of " + describe(plan));
            return new Run(plan, state).compensate(state.message(), false);
        }
        progress.line("Resuming " + describe(plan) + " at step " + state.currentStep() + "/"
                + plan.steps().size());
        return new Run(plan, state).steps();
    }

    /** Approves the manual pause a release stopped at as the operating-system user, see {@link #approve(String, String, String)}. */
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
        ReleaseState state = existing(namespace, application);
        if (state.status() != ReleaseStatus.AwaitingApproval) {
            throw new RefusedException(
                    Reason.NOTHING_TO_DO,
                    "nothing to approve: the release " + state.release() + " of " + application + " is "
                            + state.status() + " at step " + state.currentStep());
        }
        String who =
                approver == null || approver.isBlank() ? System.getProperty("user.name", "unknown") : approver.strip();
        int step = state.currentStep();
        Plan plan = planOf(state);
        int required = Math.max(1, plan.step(step).parameters().path("required").asInt(1));
        if (state.approvals().contains(who)) {
            throw new RefusedException(
                    Reason.NOTHING_TO_DO,
                    who + " has approved " + plan.step(step).label(plan.steps().size())
                            + " of " + state.release() + " already; it needs " + required
                            + " approvals from different people ("
                            + state.approvals().size() + " so far: " + String.join(", ", state.approvals()) + ")");
        }
        ReleaseState noted = store.update(state, s -> s.withApproval(who, clock.instant()));
        listener.approved(plan, plan.step(step), who);
        int have = noted.approvals().size();
        if (have < required) {
            String msg = "approved by " + String.join(", ", noted.approvals()) + " (" + have + " of " + required
                    + "): waiting for " + (required - have) + " more approval" + (required - have == 1 ? "" : "s")
                    + " from someone else: run 'release-policy approve " + application + " --as NAME'";
            progress.line(msg);
            return new Outcome(Outcome.Result.AWAITING_APPROVAL, msg, Optional.empty(), List.of());
        }
        ReleaseState approved = store.update(noted, s -> s.withApproved(step, clock.instant()));
        progress.line(
                "Approved step " + step + " of " + state.release() + " by " + String.join(", ", approved.approvals()));
        return resume(approved.namespace(), approved.application());
    }

    /** Rolls the release back now, from wherever it is (also after it succeeded). */
    public Outcome rollback(String namespace, String application, String reason) {
        ReleaseState state = existing(namespace, application);
        if (state.status() == ReleaseStatus.RolledBack) {
            throw new RefusedException(
                    Reason.NOTHING_TO_DO,
                    "the release " + state.release() + " of " + application + " is rolled back already");
        }
        Plan plan = planOf(state);
        state = takeOver(state);
        return new Run(plan, state).compensate(reason, false);
    }

    /** What {@code status} shows: the recorded state, the live traffic, and what happens next. */
    public String status(String namespace, String application) {
        ReleaseState s = existing(namespace, application);
        Plan plan = planOf(s);
        Instant now = clock.instant();
        StringBuilder out = new StringBuilder();
        out.append("Release ")
                .append(s.release())
                .append(" of ")
                .append(application)
                .append(" in ")
                .append(namespace)
                .append(": ")
                .append(s.status());
        s.waitingUntil()
                .filter(w -> s.status() == ReleaseStatus.Waiting)
                .ifPresent(w -> out.append(" until ")
                        .append(w)
                        .append(" (")
                        .append(Progress.format(Duration.between(now, w)))
                        .append(" from now)"));
        out.append('\n');
        out.append("Holder:    ")
                .append(s.holder())
                .append(s.isHeld(now) ? " (running)" : " (not running)")
                .append('\n');
        out.append("Plan:      ")
                .append(plan.shortFingerprint())
                .append(", ")
                .append(plan.steps().size())
                .append(" steps, ")
                .append(s.completedSteps().size())
                .append(" done")
                .append('\n');
        if (!s.message().isEmpty()) {
            out.append("Message:   ").append(s.message()).append('\n');
        }
        if (s.currentStep() >= 1
                && s.currentStep() <= plan.steps().size()
                && s.status().isActive()) {
            PlanStep cur = plan.step(s.currentStep());
            out.append("Current:   ")
                    .append(cur.label(plan.steps().size()))
                    .append(": ")
                    .append(cur.description())
                    .append('\n');
            if (cur.index() < plan.steps().size()) {
                PlanStep next = plan.step(cur.index() + 1);
                out.append("Next:      ")
                        .append(next.label(plan.steps().size()))
                        .append(": ")
                        .append(next.description())
                        .append('\n');
            }
            String hint = switch (s.status()) {
                case Waiting ->
                    "run 'release-policy resume " + application + "' after "
                            + s.waitingUntil().map(Instant::toString).orElse("the wait");
                case AwaitingApproval ->
                    "run 'release-policy approve " + application + "' to continue"
                            + (s.message().startsWith(INCONCLUSIVE)
                                    ? " or 'release-policy rollback " + application + "' to roll back"
                                    : "")
                            + (s.approvals().isEmpty()
                                    ? ""
                                    : " (approved so far by " + String.join(", ", s.approvals()) + ")");
                case Running, RollingBack ->
                    s.isHeld(now) ? "running" : "its process stopped: run 'release-policy resume " + application + "'";
                case RollbackFailed -> "fix the cause, then run 'release-policy rollback " + application + "'";
                default -> "";
            };
            out.append("Then:      ").append(hint).append('\n');
        }
        for (String line : traffic(plan)) {
            out.append("Traffic:   ").append(line).append('\n');
        }
        return out.toString();
    }

    /** The live routing of a plan's Services and VirtualServices, one line each. */
    public List<String> traffic(Plan plan) {
        Map<String, ObjectRef> refs = new LinkedHashMap<>();
        for (PlanStep st : plan.steps()) {
            for (ObjectChange c : st.objects()) {
                if (c.ref().kind().equals("Service") || c.ref().kind().equals("VirtualService")) {
                    refs.putIfAbsent(c.ref().key(), c.ref());
                }
            }
        }
        List<String> lines = new ArrayList<>();
        for (ObjectRef ref : refs.values()) {
            Optional<JsonNode> live = retrier.call(() -> cluster.get(ref));
            if (live.isEmpty()) {
                lines.add(ref + ": not found");
            } else if (ref.kind().equals("Service")) {
                List<String> sel = new ArrayList<>();
                live.get()
                        .path("spec")
                        .path("selector")
                        .properties()
                        .forEach(e -> sel.add(e.getKey() + "=" + e.getValue().asString()));
                lines.add(ref + " selects " + String.join(",", sel));
            } else {
                for (JsonNode route : live.get().path("spec").path("http")) {
                    List<String> parts = new ArrayList<>();
                    for (JsonNode d : route.path("route")) {
                        parts.add(d.path("destination")
                                        .path("subset")
                                        .asString(d.path("destination")
                                                .path("host")
                                                .asString())
                                + " " + d.path("weight").asInt(100) + "%");
                    }
                    lines.add(ref + " route " + route.path("name").asString("(unnamed)") + ": "
                            + String.join(", ", parts));
                }
            }
        }
        return lines;
    }

    // ---- helpers for commands ------------------------------------------------------------------

    private ReleaseState existing(String namespace, String application) {
        return store.read(namespace, application)
                .orElseThrow(() -> new RefusedException(
                        Reason.NOTHING_TO_DO,
                        "no release of " + application + " is recorded in namespace " + namespace + " (no ConfigMap "
                                + StateStore.configMapName(application) + ")"));
    }

    private Plan planOf(ReleaseState state) {
        Plan plan;
        try {
            String where = "the plan stored in " + StateStore.configMapName(state.application());
            plan = PlanCodec.read(where, state.planJson());
        } catch (UsageException e) {
            throw new RefusedException(
                    Reason.STALE_PLAN,
                    e.getMessage() + ": it was stored by another version of"
                            + " release-policy; finish the release with that version or roll it back with it");
        }
        if (!plan.fingerprint().value().equals(state.fingerprint())) {
            throw new RefusedException(
                    Reason.STALE_PLAN,
                    "the plan stored in " + StateStore.configMapName(state.application()) + " has fingerprint "
                            + plan.fingerprint().value() + " but the release records " + state.fingerprint());
        }
        return plan;
    }

    private ReleaseState takeOver(ReleaseState state) {
        Instant now = clock.instant();
        if (state.isHeld(now) && !state.holder().equals(settings.holder())) {
            throw new RefusedException(
                    Reason.LOCKED,
                    "the release " + state.release() + " of " + state.application()
                            + " is being run by " + state.holder() + " (its hold lasts until "
                            + state.leaseUntil().orElseThrow()
                            + " unless renewed); status " + state.status() + " at step " + state.currentStep());
        }
        return store.update(state, s -> s.withLease(settings.holder(), Optional.of(now.plus(settings.lease())), now));
    }

    private RefusedException refusedInProgress(ReleaseState old, Plan plan) {
        String where = "release " + old.release() + " of " + old.application() + " is in progress: held by "
                + old.holder() + ", status " + old.status() + " at step " + old.currentStep();
        if (!old.fingerprint().equals(plan.fingerprint().value())) {
            return new RefusedException(
                    Reason.STALE_PLAN,
                    "refusing plan " + plan.shortFingerprint() + ": it is not the plan of" + " the " + where
                            + " (fingerprint " + old.fingerprint() + "); finish it or roll it back first");
        }
        return new RefusedException(
                Reason.LOCKED,
                "refusing a second apply: the " + where + "; use 'release-policy resume " + old.application()
                        + "' to continue it");
    }

    private static String describe(Plan plan) {
        return "release " + plan.release() + " (" + plan.application() + " "
                + plan.previousVersion().map(p -> p + " -> ").orElse("") + plan.version() + ", "
                + plan.metadata().strategy().manifestName() + ") in " + plan.namespace();
    }

    // ---- one run of a plan ---------------------------------------------------------------------

    /** One process's run: the plan and the latest state it wrote. */
    private final class Run {
        private final Plan plan;
        private ReleaseState state;
        private final List<String> notes = new ArrayList<>();

        Run(Plan plan, ReleaseState state) {
            this.plan = plan;
            this.state = state;
        }

        Outcome steps() {
            int total = plan.steps().size();
            for (int i = Math.max(1, state.currentStep()); i <= total; i++) {
                PlanStep step = plan.step(i);
                if (state.isCompleted(i)) {
                    continue;
                }
                if (state.currentStep() != i || state.status() != ReleaseStatus.Running) {
                    int idx = i;
                    write(s -> s.withCurrentStep(idx, now()).withStatus(ReleaseStatus.Running, "", now()));
                }
                listener.stepStarted(plan, step);
                progress.line(step.label(total) + ": " + step.description());
                Optional<Outcome> stop;
                try {
                    stop = run(step);
                } catch (StepFailure e) {
                    return compensate(e.getMessage(), true);
                } catch (ClusterException e) {
                    return compensate(step.label(total) + ": " + e.getMessage(), true);
                }
                if (stop.isPresent()) {
                    return stop.get();
                }
                int idx = i;
                write(s -> s.withCompleted(idx, now()).withLease(settings.holder(), lease(), now()));
                listener.stepCompleted(plan, step);
            }
            write(s -> s.withStatus(ReleaseStatus.Succeeded, "released " + plan.version(), now())
                    .withLease(settings.holder(), Optional.empty(), now()));
            progress.line("Released " + plan.version() + " of " + plan.application() + ".");
            listener.succeeded(plan, "released " + plan.version() + " of " + plan.application());
            return new Outcome(
                    Outcome.Result.SUCCEEDED,
                    "released " + plan.version() + " of " + plan.application(),
                    Optional.empty(),
                    notes);
        }

        /** Runs one step; a present result means the process stops here (a long wait, an approval). */
        private Optional<Outcome> run(PlanStep step) {
            List<ObjectChange> changes = new ArrayList<>(step.objects());
            Optional<ObjectChange> job =
                    step.action() == Action.MIGRATE_DATA ? MigrationJobs.up(plan, step) : Optional.empty();
            job.ifPresent(changes::add);
            if (!changes.isEmpty()) {
                sendAll(step, changes);
            }
            int total = plan.steps().size();
            // Exhaustive on purpose: a new action must be given its behaviour here, never run as a plain change.
            switch (step.action()) {
                case WAIT_READY -> {
                    String name = step.parameters().path("deployment").asString("");
                    if (name.isEmpty()) {
                        throw new StepFailure(
                                step.label(total) + ": the plan does not say which Deployment to wait for");
                    }
                    waitFor(
                            step,
                            new ObjectRef("apps/v1", "Deployment", plan.namespace(), name),
                            step.timeout().orElse(settings.defaultReadyTimeout()));
                }
                case MIGRATE_DATA -> {
                    if (job.isPresent()) {
                        waitFor(step, job.get().ref(), step.timeout().orElse(Duration.ofMinutes(30)));
                    } else {
                        note("migration " + step.parameters().path("migration").asString("") + " has no job image in"
                                + " the manifest: the executor does not run it; make sure it ran before traffic moves");
                    }
                }
                case PAUSE, RETAIN_PREVIOUS -> {
                    return timedWait(step, step.minimumDuration());
                }
                case APPROVAL -> {
                    if (state.approvedStep() != step.index()) {
                        write(s -> s.withStatus(
                                        ReleaseStatus.AwaitingApproval, "waiting for approval of " + step.id(), now())
                                .withLease(settings.holder(), Optional.empty(), now()));
                        String msg = "waiting for approval at " + step.label(total) + ": run 'release-policy approve "
                                + plan.application() + "'";
                        progress.line(msg);
                        listener.paused(plan, step, msg);
                        return Optional.of(new Outcome(Outcome.Result.AWAITING_APPROVAL, msg, Optional.empty(), notes));
                    }
                }
                case ANALYSIS -> {
                    if (state.approvedStep() == step.index()) {
                        // a person looked at an inconclusive analysis here and decided to go on
                        note(step.label(total) + ": inconclusive analysis, continued on approval by "
                                + String.join(", ", state.approvals()));
                        progress.line("  analysis: inconclusive before, continued on approval");
                        return Optional.empty();
                    }
                    // Fail closed: an analysis that cannot be judged never passes; a person decides.
                    Analyzer.Verdict verdict = analyzer.analyze(plan, step)
                            .orElseGet(() -> Analyzer.Verdict.inconclusive(
                                    "analysis at step " + step.id() + " could not be performed by the analyzer"));
                    if (verdict.inconclusive()) {
                        String why = verdict.summary();
                        write(s -> s.withStatus(
                                        ReleaseStatus.AwaitingApproval,
                                        INCONCLUSIVE + " at " + step.id() + ": " + why,
                                        now())
                                .withLease(settings.holder(), Optional.empty(), now()));
                        String msg = INCONCLUSIVE + " at " + step.label(total) + " (" + why + "): traffic stays as"
                                + " it is; run 'release-policy approve " + plan.application() + "' to go on or"
                                + " 'release-policy rollback " + plan.application() + "' to roll back";
                        progress.line(msg);
                        listener.paused(plan, step, msg);
                        return Optional.of(new Outcome(Outcome.Result.AWAITING_APPROVAL, msg, Optional.empty(), notes));
                    }
                    if (!verdict.healthy()) {
                        throw new StepFailure(step.label(total) + ": analysis failed: " + verdict.summary());
                    }
                    progress.line("  analysis: " + verdict.summary());
                }
                case ADOPT ->
                    // The team's pods roll once to gain the stable label; traffic splits only after that.
                    waitFor(
                            step,
                            new ObjectRef(
                                    "apps/v1",
                                    "Deployment",
                                    plan.namespace(),
                                    step.parameters().path("deployment").asString()),
                            step.timeout().orElse(settings.defaultReadyTimeout()));
                case NOTIFY, RECORD, PRECHECK_POLICY, PRECHECK_WINDOW -> listener.observe(plan, step);
                case APPLY_CONFIG, DEPLOY, PREPARE_TRAFFIC, SET_WEIGHT, SWITCH_SERVICE, PROMOTE, CLEAN_UP -> {
                    // the objects sent above are the whole step
                }
            }
            return Optional.empty();
        }

        private void sendAll(PlanStep step, List<ObjectChange> changes) {
            int total = plan.steps().size();
            if (!state.snapshots().containsKey(step.index())) {
                List<Snapshot> taken = new ArrayList<>();
                for (ObjectChange c : changes) {
                    if (taken.stream().noneMatch(t -> t.ref().equals(c.ref()))) {
                        taken.add(new Snapshot(c.ref(), get(step, c.ref())));
                    }
                }
                write(s -> s.withSnapshots(step.index(), taken, now()));
            }
            List<Snapshot> snaps = state.snapshots().get(step.index());
            for (ObjectChange c : changes) {
                boolean existed = snaps.stream()
                        .filter(t -> t.ref().equals(c.ref()))
                        .findFirst()
                        .map(t -> t.before().isPresent())
                        .orElse(true);
                ObjectWriter.Effect effect;
                try {
                    effect = writer.send(c, existed);
                } catch (ClusterException e) {
                    throw new StepFailure(step.label(total) + ": " + e.getMessage(), e);
                }
                progress.line("  " + c.shortHeadline() + ": " + effect.name().toLowerCase(java.util.Locale.ROOT));
                if (effect != ObjectWriter.Effect.UNCHANGED) {
                    listener.objectChanged(plan, step, c);
                }
                renewLease();
            }
        }

        /** Automatic rollback: a trigger the step watches has fired. */
        private void watchTriggers(PlanStep step) {
            if (step.watches().isEmpty() || state.status() == ReleaseStatus.RollingBack) {
                return;
            }
            Optional<Analyzer.Verdict> v = analyzer.watch(plan, step);
            if (v.isPresent() && !v.get().healthy()) {
                throw new StepFailure(step.label(plan.steps().size()) + ": automatic rollback: "
                        + v.get().summary());
            }
        }

        private Optional<JsonNode> get(PlanStep step, ObjectRef ref) {
            try {
                return retrier.call(() -> cluster.get(ref));
            } catch (ClusterException e) {
                throw new StepFailure(step.label(plan.steps().size()) + ": " + e.getMessage(), e);
            }
        }

        private void waitFor(PlanStep step, ObjectRef ref, Duration timeout) {
            int total = plan.steps().size();
            Instant deadline = now().plus(timeout);
            while (true) {
                Optional<JsonNode> live = get(step, ref);
                if (live.isEmpty()) {
                    throw new StepFailure(step.label(total) + ": " + ref + " not found while waiting for it");
                }
                Readiness.State st =
                        ref.kind().equals("Job") ? readiness.job(live.get()) : readiness.deployment(live.get());
                if (st.ready()) {
                    progress.line("  " + ref + " ready (" + st.detail() + ")");
                    return;
                }
                if (st.failed()) {
                    throw new StepFailure(step.label(total) + ": " + ref + " failed: " + st.detail());
                }
                if (!now().isBefore(deadline)) {
                    throw new StepFailure(step.label(total) + ": " + ref + " not ready within "
                            + Progress.format(timeout) + " (" + st.detail() + ")");
                }
                progress.countdown("waiting for " + ref + " (" + st.detail() + ")", Duration.between(now(), deadline));
                sleeper.sleepUninterruptibly(settings.pollInterval());
                watchTriggers(step);
                renewLease();
            }
        }

        private Optional<Outcome> timedWait(PlanStep step, Duration duration) {
            int total = plan.steps().size();
            Instant until;
            if (state.waitingUntil().isPresent()) {
                until = state.waitingUntil().get();
            } else {
                Instant u = now().plus(duration);
                write(s -> s.withWaitingUntil(Optional.of(u), now()));
                until = u;
            }
            Duration left = Duration.between(now(), until);
            if (left.compareTo(settings.longWait()) > 0) {
                write(s -> s.withStatus(ReleaseStatus.Waiting, "waiting until " + until + " at " + step.id(), now())
                        .withLease(settings.holder(), Optional.empty(), now()));
                String msg = "waiting until " + until + " (" + step.label(total) + "): run 'release-policy resume "
                        + plan.application() + "' then";
                progress.line(msg);
                listener.paused(plan, step, msg);
                return Optional.of(new Outcome(Outcome.Result.WAITING, msg, Optional.of(until), notes));
            }
            while (now().isBefore(until)) {
                Duration remaining = Duration.between(now(), until);
                progress.countdown(step.id(), remaining);
                sleeper.sleepUninterruptibly(
                        remaining.compareTo(settings.pollInterval()) < 0 ? remaining : settings.pollInterval());
                watchTriggers(step);
                renewLease();
            }
            progress.countdown(step.id(), Duration.ZERO);
            return Optional.empty();
        }

        // ---- compensation ------------------------------------------------------------------

        /**
         * Rolls back every step that changed something, newest first. With {@code checkRecovery} (a
         * failure during the run, not a rollback someone asked for), the release's metrics are then
         * checked for recovery, after the state already says RolledBack.
         */
        Outcome compensate(String cause, boolean checkRecovery) {
            progress.line("Rolling back: " + cause);
            listener.rollingBack(plan, cause);
            write(s -> s.withStatus(ReleaseStatus.RollingBack, cause, now()));
            List<Integer> steps = new ArrayList<>(state.snapshots().keySet());
            steps.sort(Comparator.reverseOrder());
            for (int k : steps) {
                if (state.compensated().contains(k)) {
                    continue;
                }
                PlanStep step = plan.step(k);
                try {
                    undo(step);
                } catch (ClusterException | StepFailure e) {
                    String msg = "rollback of " + step.label(plan.steps().size()) + " failed: " + e.getMessage()
                            + " (release failed because: " + cause + ")";
                    write(s -> s.withStatus(ReleaseStatus.RollbackFailed, msg, now())
                            .withLease(settings.holder(), Optional.empty(), now()));
                    progress.line(msg);
                    listener.rollbackFailed(plan, msg);
                    return new Outcome(Outcome.Result.ROLLBACK_FAILED, msg, Optional.empty(), notes);
                }
                write(s -> s.withCompensated(k, now()));
                listener.compensated(plan, step);
            }
            for (Integer k : state.completedSteps()) {
                PlanStep step = plan.step(k);
                Compensation.Kind kind = step.compensation().kind();
                if (kind == Compensation.Kind.MANUAL
                        || (kind == Compensation.Kind.DOWN_MIGRATION
                                && step.action() == Action.MIGRATE_DATA
                                && step.parameters().path("image").asString("").isEmpty())) {
                    note(step.label(plan.steps().size()) + " needs a person: "
                            + step.compensation().description());
                }
            }
            String rolled = "rolled back to " + plan.previousVersion().orElse("the previous state") + ": " + cause;
            write(s -> s.withStatus(ReleaseStatus.RolledBack, rolled, now())
                    .withLease(settings.holder(), Optional.empty(), now()));
            String msg = rolled;
            Optional<Analyzer.Verdict> recovery = checkRecovery ? analyzer.verifyRecovery(plan) : Optional.empty();
            if (recovery.isPresent()) {
                boolean ok = recovery.get().healthy();
                String summary = recovery.get().summary();
                msg = rolled + (ok ? " (recovery verified)" : " (recovery NOT verified: " + summary + ")");
                progress.line((ok ? "  recovery verified: " : "  recovery NOT verified: ") + summary);
                if (!ok) {
                    note("recovery not verified after the rollback: " + summary
                            + "; look at the previous version's metrics");
                }
                listener.recovery(plan, ok, summary);
                String withRecovery = msg;
                write(s -> s.withStatus(ReleaseStatus.RolledBack, withRecovery, now()));
            }
            progress.line("Rolled back " + plan.application() + " to "
                    + plan.previousVersion().orElse("the previous state") + ".");
            notes.forEach(n -> progress.line("  note: " + n));
            listener.rolledBack(plan, msg);
            return new Outcome(Outcome.Result.ROLLED_BACK, msg, Optional.empty(), notes);
        }

        private void undo(PlanStep step) {
            int total = plan.steps().size();
            progress.line(
                    "  undo " + step.label(total) + ": " + step.compensation().description());
            if (step.compensation().kind() == Compensation.Kind.DOWN_MIGRATION
                    && step.action() == Action.MIGRATE_DATA
                    && state.completedSteps().contains(step.index())) {
                Optional<ObjectChange> down = MigrationJobs.down(plan, step);
                if (down.isPresent()) {
                    writer.send(down.get(), false);
                    waitFor(step, down.get().ref(), step.timeout().orElse(Duration.ofMinutes(30)));
                }
            }
            List<Snapshot> snaps = new ArrayList<>(state.snapshots().get(step.index()));
            java.util.Collections.reverse(snaps);
            for (Snapshot snap : snaps) {
                int first = firstStepTouching(snap.ref());
                if (first != step.index()) {
                    // An earlier step holds the state before the release touched the object: it goes
                    // straight back there when that step is undone, with no intermediate states.
                    progress.line("    " + snap.ref() + ": restored with step " + first);
                    continue;
                }
                ObjectWriter.Effect effect = writer.restore(snap.ref(), snap.before());
                progress.line("    " + snap.ref() + ": "
                        + (effect == ObjectWriter.Effect.UNCHANGED
                                ? "as before"
                                : effect.name().toLowerCase(java.util.Locale.ROOT)));
                if (effect != ObjectWriter.Effect.UNCHANGED
                        && snap.before().isPresent()
                        && snap.ref().kind().equals("Deployment")) {
                    waitFor(step, snap.ref(), step.timeout().orElse(settings.defaultReadyTimeout()));
                }
                renewLease();
            }
        }

        private int firstStepTouching(ObjectRef ref) {
            return state.snapshots().entrySet().stream()
                    .filter(e -> e.getValue().stream().anyMatch(sn -> sn.ref().equals(ref)))
                    .mapToInt(Map.Entry::getKey)
                    .min()
                    .orElseThrow();
        }

        // ---- state ------------------------------------------------------------------------

        private void write(java.util.function.UnaryOperator<ReleaseState> change) {
            state = store.update(state, change);
        }

        private void renewLease() {
            Instant now = now();
            Instant until = state.leaseUntil().orElse(Instant.MIN);
            if (Duration.between(now, until).compareTo(settings.lease().dividedBy(2)) < 0) {
                write(s -> s.withLease(settings.holder(), Optional.of(now.plus(settings.lease())), now));
            }
        }

        private Optional<Instant> lease() {
            return Optional.of(now().plus(settings.lease()));
        }

        private void note(String text) {
            notes.add(text);
            progress.line("  note: " + text);
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
