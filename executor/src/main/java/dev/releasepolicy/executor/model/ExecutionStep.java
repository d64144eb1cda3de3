package dev.releasepolicy.executor.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One step as the executor runs it.
 *
 * @param index           1-based position in the plan
 * @param id              the plan's stable step id, such as {@code 09-set-weight-5}
 * @param action          the plan's action label, such as {@code set-weight}
 * @param minimumDuration the least time the step takes (a pause's length)
 * @param timeout         the most time a wait may take before the step fails
 * @param parameters      the plan's parameters (deployment, metrics, migration, ...); read-only
 * @param watches         the automatic-rollback triggers watched while the step runs (metric, comparison,
 *                        threshold, for), as the plan file has them; read-only
 */
public record ExecutionStep(int index, String id, String action, String description, Duration minimumDuration,
        Optional<Duration> timeout, JsonNode parameters, List<ObjectChange> objects, Compensation compensation,
        List<JsonNode> watches) {

    public ExecutionStep {
        objects = List.copyOf(objects);
        parameters = parameters.deepCopy();
        watches = watches.stream().map(JsonNode::deepCopy).toList();
    }

    /** How the executor runs it. */
    public StepKind kind() {
        return StepKind.ofAction(action);
    }

    /**
     * Whether the step moves traffic: it changes a Service or an Istio VirtualService. Traffic steps
     * are the ones that must never run twice or be skipped across a kill and resume.
     */
    public boolean movesTraffic() {
        return objects.stream().anyMatch(o -> o.ref().kind().equals("VirtualService") || o.ref().kind().equals("Service"));
    }

    /** {@code step 9/18 (09-set-weight-5)}: how messages name the step. */
    public String label(int total) {
        return "step " + index + "/" + total + " (" + id + ")";
    }
}
