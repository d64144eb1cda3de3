package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.window.Durations;
import java.util.List;
import java.util.Optional;

/**
 * A compiled release: an ordered, deterministic list of steps with the objects each one sends, the
 * undo of each, the timeline and the fingerprint of its inputs. A plain value: renderers print it,
 * the executor runs it; neither is known here.
 *
 * @param runtime  the monitoring and notification targets the executor needs, so the plan is self-contained
 * @param findings the manifest's verify findings that did not block planning (warnings, waived errors)
 */
public record Plan(
        String apiVersion,
        PlanMetadata metadata,
        Fingerprint fingerprint,
        Timeline timeline,
        RollbackPlan rollback,
        List<PlanStep> steps,
        PlanRuntime runtime,
        List<Finding> findings) {

    /** The plan file format version. */
    public static final String API_VERSION = "releasepolicy.dev/v1";
    /** The plan file kind. */
    public static final String KIND = "Plan";

    public Plan {
        steps = List.copyOf(steps);
        findings = List.copyOf(findings);
    }

    /** The step at a 1-based index. */
    public PlanStep step(int index) {
        return steps.get(index - 1);
    }

    /** {@code metadata.application}. */
    public String application() {
        return metadata.application();
    }

    /** {@code metadata.namespace}. */
    public String namespace() {
        return metadata.namespace();
    }

    /** {@code metadata.release}. */
    public String release() {
        return metadata.release();
    }

    /** {@code metadata.version}. */
    public String version() {
        return metadata.version();
    }

    /** {@code metadata.previousVersion}. */
    public Optional<String> previousVersion() {
        return metadata.previousVersion();
    }

    /** The first 12 hex digits of the fingerprint, for messages. */
    public String shortFingerprint() {
        return fingerprint.shortValue();
    }

    /** The step with an id. */
    public Optional<PlanStep> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The compensations a rollback from a step runs, in order. */
    public List<Compensation> rollbackFrom(PlanStep failed) {
        return failed.rollbackFrom().stream()
                .map(id -> step(id).orElseThrow().compensation())
                .toList();
    }

    /** How many object operations of one kind the steps (not their compensations) send. */
    public long count(Operation operation) {
        return steps.stream()
                .flatMap(s -> s.objects().stream())
                .filter(o -> o.operation() == operation)
                .count();
    }

    /**
     * The closing line, like {@code terraform plan}'s:
     * {@code Plan: 18 steps, 1 to create, 9 to change, 1 to delete; at least 1h31m in the window.}
     */
    public String summary() {
        long change = count(Operation.APPLY) + count(Operation.PATCH) + count(Operation.EDIT);
        return "Plan: " + steps.size() + " steps, " + (count(Operation.CREATE) + count(Operation.CREATE_FROM))
                + " to create, " + change
                + " to change, " + count(Operation.DELETE) + " to delete; at least "
                + Durations.format(timeline.inWindowDuration()) + " in the window"
                + (timeline.minimumDuration().equals(timeline.inWindowDuration())
                        ? ""
                        : ", " + Durations.format(timeline.minimumDuration()) + " in all")
                + (timeline.waitsForApproval() ? " plus manual approvals" : "") + ".";
    }
}
