package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.audit.AuditEntry;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.audit.AuditOperations;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Writes what the executor does to the audit trail(s): the verify verdict and the plan a release was
 * started with, the release starting, each step completed (with the objects it wrote), every stop at a
 * wait or approval, each approval with its approver, the rollback with its cause, each step's
 * compensation and how the release ended. The actor is the process's holder name
 * ({@code user@host pid N}), or the approver.
 *
 * <p>Each trail is an {@link AuditLog} of its own (its own hash chain), typically the cluster copy
 * beside the release state and a local file. A trail that cannot be written is reported through
 * {@code warn} and does not stop the release: half a rollout is worse than a gap in a copy of the
 * trail, and the other trails still get the record.
 */
public final class AuditingListener implements ExecutionListener {

    private final Function<Plan, List<AuditLog>> trails;
    private final Clock clock;
    private final String actor;
    private final Consumer<String> warn;
    private final Map<String, List<AuditLog>> cache = new HashMap<>();
    private final Map<Integer, List<String>> written = new LinkedHashMap<>();

    /**
     * @param trails the copies of the trail for a plan's application
     * @param clock  stamps each record once, for every copy
     * @param actor  who runs the commands (approvals name their approver instead)
     * @param warn   told about a copy that could not be written
     */
    public AuditingListener(Function<Plan, List<AuditLog>> trails, Clock clock, String actor, Consumer<String> warn) {
        this.trails = trails;
        this.clock = clock;
        this.actor = actor;
        this.warn = warn;
    }

    @Override
    public void started(Plan plan) {
        Map<String, String> verdict = new LinkedHashMap<>();
        String summary = "passed";
        for (PlanStep s : plan.steps()) {
            if (s.action() == dev.releasepolicy.core.plan.Action.PRECHECK_POLICY) {
                verdict.put(
                        "policySetDigest",
                        s.parameters().path("policySetDigest").asString(""));
                summary = "passed with " + s.parameters().path("warnings").asLong(0) + " warnings, "
                        + s.parameters().path("waived").asLong(0) + " waived";
            }
        }
        append(plan, actor, AuditOperations.VERIFY, "", "passed", summary, verdict);
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("source", plan.metadata().source());
        detail.put("release", plan.release());
        detail.put("version", plan.version());
        detail.put("previousVersion", plan.previousVersion().orElse(""));
        detail.put("strategy", plan.metadata().strategy().manifestName());
        detail.put("steps", Integer.toString(plan.steps().size()));
        detail.put("manifestDigest", plan.fingerprint().manifestDigest());
        append(plan, actor, AuditOperations.PLAN, "", "applied", "", detail);
        append(plan, actor, AuditOperations.RELEASE, "", "started", "", Map.of());
    }

    @Override
    public void stepStarted(Plan plan, PlanStep step) {
        written.remove(step.index());
    }

    @Override
    public void objectChanged(Plan plan, PlanStep step, ObjectChange change) {
        written.computeIfAbsent(step.index(), k -> new ArrayList<>()).add(change.shortHeadline());
    }

    @Override
    public void stepCompleted(Plan plan, PlanStep step) {
        List<String> objects = written.remove(step.index());
        Map<String, String> detail = objects == null ? Map.of() : Map.of("objects", String.join("; ", objects));
        append(plan, actor, AuditOperations.STEP, label(plan, step), "completed", step.description(), detail);
    }

    @Override
    public void paused(Plan plan, PlanStep step, String message) {
        append(plan, actor, AuditOperations.PAUSE, label(plan, step), "paused", message, Map.of());
    }

    @Override
    public void approved(Plan plan, PlanStep step, String approver) {
        append(plan, approver, AuditOperations.APPROVE, label(plan, step), "approved", "", Map.of());
    }

    @Override
    public void succeeded(Plan plan, String message) {
        append(plan, actor, AuditOperations.RELEASE, "", "succeeded", message, Map.of());
    }

    @Override
    public void rollingBack(Plan plan, String cause) {
        append(plan, actor, AuditOperations.ROLLBACK, "", "started", cause, Map.of());
    }

    @Override
    public void compensated(Plan plan, PlanStep step) {
        append(
                plan,
                actor,
                AuditOperations.STEP,
                label(plan, step),
                "compensated",
                step.compensation().description(),
                Map.of());
    }

    @Override
    public void rollbackFailed(Plan plan, String message) {
        append(plan, actor, AuditOperations.ROLLBACK, "", "failed", message, Map.of());
    }

    @Override
    public void rolledBack(Plan plan, String message) {
        append(plan, actor, AuditOperations.ROLLBACK, "", "rolled back", message, Map.of());
    }

    @Override
    public void recovery(Plan plan, boolean verified, String summary) {
        append(plan, actor, AuditOperations.RECOVERY, "", verified ? "verified" : "not verified", summary, Map.of());
    }

    private static String label(Plan plan, PlanStep step) {
        return step.label(plan.steps().size());
    }

    private void append(
            Plan plan,
            String who,
            String operation,
            String step,
            String result,
            String reason,
            Map<String, String> detail) {
        AuditEntry entry = new AuditEntry(
                who, plan.application(), plan.fingerprint().value(), operation, step, result, reason, detail);
        Instant time = clock.instant();
        for (AuditLog trail : cache.computeIfAbsent(plan.fingerprint().value(), k -> trails.apply(plan))) {
            try {
                trail.append(entry, time);
            } catch (RuntimeException e) {
                warn.accept("could not write the audit record '" + operation + " " + result + "' to " + trail + ": "
                        + e.getMessage());
            }
        }
    }
}
