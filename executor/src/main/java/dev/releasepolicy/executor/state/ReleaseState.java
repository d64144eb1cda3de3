package dev.releasepolicy.executor.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The progress of one application's release as kept in its state ConfigMap
 * ({@link StateStore#configMapName(String)}); see {@code executor/README.md} for the format.
 *
 * @param resourceVersion the ConfigMap's version this state was read at (empty before it exists)
 * @param holder          who runs (or last ran) the release: {@code user@host pid N}
 * @param leaseUntil      while a process runs: until when its hold is valid unless renewed
 * @param currentStep     the step running or to run next (1-based; past the last when done)
 * @param completedSteps  the steps done, in order
 * @param compensated     the steps whose compensation has run, in order
 * @param waitingUntil    the end of the timed wait the release stopped at
 * @param approvedStep    the manual pause that {@code approve} released (0: none)
 * @param approvals       who has approved the manual pause at the current step so far, in order (cleared
 *                        when a step completes)
 * @param planJson        the plan, so {@code resume} and {@code rollback} need no plan file
 * @param snapshots       per step, the objects as they were before it changed them
 */
public record ReleaseState(
        String application,
        String namespace,
        Optional<String> resourceVersion,
        String holder,
        Optional<Instant> leaseUntil,
        String release,
        String version,
        String fingerprint,
        ReleaseStatus status,
        int currentStep,
        List<Integer> completedSteps,
        List<Integer> compensated,
        Optional<Instant> waitingUntil,
        int approvedStep,
        List<String> approvals,
        String message,
        Instant startedAt,
        Instant updatedAt,
        String planJson,
        Map<Integer, List<Snapshot>> snapshots) {

    public ReleaseState {
        completedSteps = List.copyOf(completedSteps);
        approvals = List.copyOf(approvals);
        compensated = List.copyOf(compensated);
        Map<Integer, List<Snapshot>> copy = new LinkedHashMap<>();
        snapshots.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        snapshots = java.util.Collections.unmodifiableMap(copy);
    }

    /** Whether a step is done. */
    public boolean isCompleted(int step) {
        return completedSteps.contains(step);
    }

    /** Whether a process holds the release now (its lease has not run out). */
    public boolean isHeld(Instant now) {
        return leaseUntil.map(now::isBefore).orElse(false);
    }

    public ReleaseState withStatus(ReleaseStatus s, String msg, Instant now) {
        return new ReleaseState(
                application,
                namespace,
                resourceVersion,
                holder,
                leaseUntil,
                release,
                version,
                fingerprint,
                s,
                currentStep,
                completedSteps,
                compensated,
                waitingUntil,
                approvedStep,
                approvals,
                msg,
                startedAt,
                now,
                planJson,
                snapshots);
    }

    public ReleaseState withLease(String who, Optional<Instant> until, Instant now) {
        return new ReleaseState(
                application,
                namespace,
                resourceVersion,
                who,
                until,
                release,
                version,
                fingerprint,
                status,
                currentStep,
                completedSteps,
                compensated,
                waitingUntil,
                approvedStep,
                approvals,
                message,
                startedAt,
                now,
                planJson,
                snapshots);
    }

    public ReleaseState withCurrentStep(int step, Instant now) {
        return new ReleaseState(
                application,
                namespace,
                resourceVersion,
                holder,
                leaseUntil,
                release,
                version,
                fingerprint,
                status,
                step,
                completedSteps,
                compensated,
                waitingUntil,
                approvedStep,
                approvals,
                message,
                startedAt,
                now,
                planJson,
                snapshots);
    }

    /** Step {@code step} done: recorded, the wait cleared, the next step current. */
    public ReleaseState withCompleted(int step, Instant now) {
        List<Integer> done = new ArrayList<>(completedSteps);
        if (!done.contains(step)) {
            done.add(step);
        }
        return new ReleaseState(
                application,
                namespace,
                resourceVersion,
                holder,
                leaseUntil,
                release,
                version,
                fingerprint,
                status,
                step + 1,
                done,
                compensated,
                Optional.empty(),
                approvedStep,
                List.of(),
                message,
                startedAt,
                now,
                planJson,
                snapshots);
    }

    public ReleaseState withCompensated(int step, Instant now) {
        List<Integer> done = new ArrayList<>(compensated);
        if (!done.contains(step)) {
            done.add(step);
        }
        return new ReleaseState(
                application,
                namespace,
                resourceVersion,
                holder,
                leaseUntil,
                release,
                version,
                fingerprint,
                status,
                currentStep,
                completedSteps,
                done,
                waitingUntil,
                approvedStep,
                approvals,
                message,
                startedAt,
                now,
                planJson,
                snapshots);
    }

    public ReleaseState withWaitingUntil(Optional<Instant> until, Instant now) {
        return new ReleaseState(
                application,
                namespace,
                resourceVersion,
                holder,
                leaseUntil,
                release,
                version,
                fingerprint,
                status,
                currentStep,
                completedSteps,
                compensated,
                until,
                approvedStep,
                approvals,
                message,
                startedAt,
                now,
                planJson,
                snapshots);
    }

    public ReleaseState withApproved(int step, Instant now) {
        return new ReleaseState(
                application,
                namespace,
                resourceVersion,
                holder,
                leaseUntil,
                release,
                version,
                fingerprint,
                status,
                currentStep,
                completedSteps,
                compensated,
                waitingUntil,
                step,
                approvals,
                message,
                startedAt,
                now,
                planJson,
                snapshots);
    }

    /** {@code who} approved the manual pause at the current step (once per name). */
    public ReleaseState withApproval(String who, Instant now) {
        List<String> all = new ArrayList<>(approvals);
        if (!all.contains(who)) {
            all.add(who);
        }
        return new ReleaseState(
                application,
                namespace,
                resourceVersion,
                holder,
                leaseUntil,
                release,
                version,
                fingerprint,
                status,
                currentStep,
                completedSteps,
                compensated,
                waitingUntil,
                approvedStep,
                all,
                message,
                startedAt,
                now,
                planJson,
                snapshots);
    }

    public ReleaseState withSnapshots(int step, List<Snapshot> taken, Instant now) {
        Map<Integer, List<Snapshot>> all = new LinkedHashMap<>(snapshots);
        all.put(step, taken);
        return new ReleaseState(
                application,
                namespace,
                resourceVersion,
                holder,
                leaseUntil,
                release,
                version,
                fingerprint,
                status,
                currentStep,
                completedSteps,
                compensated,
                waitingUntil,
                approvedStep,
                approvals,
                message,
                startedAt,
                now,
                planJson,
                all);
    }

    public ReleaseState withResourceVersion(String rv) {
        return new ReleaseState(
                application,
                namespace,
                Optional.of(rv),
                holder,
                leaseUntil,
                release,
                version,
                fingerprint,
                status,
                currentStep,
                completedSteps,
                compensated,
                waitingUntil,
                approvedStep,
                approvals,
                message,
                startedAt,
                updatedAt,
                planJson,
                snapshots);
    }
}
