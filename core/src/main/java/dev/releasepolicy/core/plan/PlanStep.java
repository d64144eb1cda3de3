package dev.releasepolicy.core.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One step of a plan.
 *
 * @param index           1-based position
 * @param id              stable id, {@code NN-action[-detail]}, such as {@code 09-set-weight-5}
 * @param description     one sentence for people
 * @param minimumDuration the least time the step takes (a pause's duration, a health check's initial delay)
 * @param timeout         the most time the step may take before the release fails, when bounded
 * @param startsAfter     the earliest the step starts, counted from the release's start
 * @param parameters      what the executor needs beyond the objects (metrics, webhooks, migration ids); read-only
 * @param objects         the Kubernetes objects the step sends, in order
 * @param compensation    how this step alone is undone
 * @param rollbackFrom    ids of the steps whose compensations run, in this order, when the release fails
 *                        at or after this step (duplicates and no-ops left out)
 * @param watches         automatic-rollback triggers watched while this step runs
 */
public record PlanStep(
        int index,
        String id,
        Action action,
        String description,
        Duration minimumDuration,
        Optional<Duration> timeout,
        Duration startsAfter,
        JsonNode parameters,
        List<ObjectChange> objects,
        Compensation compensation,
        List<String> rollbackFrom,
        List<RollbackTrigger> watches) {

    public PlanStep {
        parameters = parameters.deepCopy();
        objects = List.copyOf(objects);
        rollbackFrom = List.copyOf(rollbackFrom);
        watches = List.copyOf(watches);
    }

    /**
     * Whether the step moves traffic: it changes a Service or an Istio VirtualService. Traffic steps
     * are the ones that must never run twice or be skipped across a kill and resume.
     */
    public boolean movesTraffic() {
        return objects.stream()
                .anyMatch(o -> o.kind().equals("VirtualService") || o.kind().equals("Service"));
    }

    /** {@code step 9/18 (09-set-weight-5)}: how messages name the step. */
    public String label(int total) {
        return "step " + index + "/" + total + " (" + id + ")";
    }
}
